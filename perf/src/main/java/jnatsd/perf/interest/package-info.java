/**
 * The many-subjects topology: one publisher into a large interest set (1 M subscriptions, 10% with wildcards) held
 * by a few subscriber connections; measures the server's resident memory and the publish rate into the set, side by
 * side over several servers. See docs/perf-harness.md.
 */
package jnatsd.perf.interest;
