package jnatsd.engine.account;

/**
 * Where the reply to one imported service request goes: the requesting account and its original reply subject.
 * Kept by the exporting account under the {@code _R_} subject its responder answers on.
 */
public record ResponseRoute(Account requester, byte[] reply, long createdNs)
{
}
