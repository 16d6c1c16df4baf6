/** Accounts: the subject namespaces sessions belong to (one today, the global account). */
package jnatsd.engine.account;
