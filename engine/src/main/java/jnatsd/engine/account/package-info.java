/** Accounts: the subject namespaces sessions belong to (the global one and the config's), and their imports. */
package jnatsd.engine.account;
