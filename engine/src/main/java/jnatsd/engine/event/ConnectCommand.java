package jnatsd.engine.event;

import jnatsd.engine.session.SessionPermissions;

/**
 * A CONNECT the transport parsed and authenticated; carried by reference in the ring event (CONNECT is rare,
 * so the allocation is fine).
 */
public record ConnectCommand(
    boolean verbose,
    boolean pedantic,
    boolean echo,
    boolean headers,
    boolean noResponders,
    int protocol,
    String name,
    String lang,
    String version,
    String user,
    SessionPermissions permissions)
{
}
