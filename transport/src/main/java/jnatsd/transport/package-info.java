/** NIO transport agents and the wire parser. */
package jnatsd.transport;
