/** Micrometer meters for a node: connections, traffic per node, node downs, failed connects, mailbox sizes. */
package dev.nodemesh.autoconfigure.metrics;
