/** Load and latency harness; talks to servers only over sockets. */
package jnatsd.perf;
