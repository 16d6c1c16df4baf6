package jnatsd.transport;

import java.nio.channels.SelectionKey;

/** A selection-key attachment that handles its own readiness (listeners other than the client port). */
public interface KeyHandler
{
    /** Called on the owning transport agent's thread when the key is ready. */
    void onReady(SelectionKey key);
}
