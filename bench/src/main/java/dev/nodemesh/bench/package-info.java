/** JMH benchmarks and the end-to-end harness. Not part of the published API. */
package dev.nodemesh.bench;
