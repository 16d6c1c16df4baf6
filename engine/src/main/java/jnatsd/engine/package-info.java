/** The single-writer matching engine. */
package jnatsd.engine;
