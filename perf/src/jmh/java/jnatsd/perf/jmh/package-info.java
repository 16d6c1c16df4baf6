/**
 * JMH micro-benchmarks of the hot path's three pieces, each on its own thread as in the server: the transport's
 * {@code ProtocolParser}, the engine's {@code SubjectTable} and the engine's outbound encoding ({@code MessageWriter}
 * into an {@code Outbound}, flushed with one gathering write). Built only with {@code mvn -Pjmh} (own source set, test
 * scope), so the default build and {@code jnatsd-perf.jar} stay free of server code. See docs/perf-harness.md.
 */
package jnatsd.perf.jmh;
