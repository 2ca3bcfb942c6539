/**
 * Local processes: pid and reference allocation, the table of live processes and the registry of
 * local names.
 *
 * <p>Internal: not part of the public API. This package does not know Netty; it sits above
 * {@code dist}, which hands it decoded messages through the node runtime.
 */
package dev.nodemesh.process;
