package jnatsd.engine.cluster;

import java.net.URI;

/**
 * Why we dialed a route: the URL and whether it is configured (explicit: reconnect forever) or learnt by gossip
 * (implicit: a limited number of attempts). Accepted routes have no origin.
 */
public record RouteOrigin(URI url, boolean explicit)
{
}
