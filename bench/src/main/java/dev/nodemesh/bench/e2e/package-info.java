/**
 * The end-to-end harness of issue 7: the same workloads between real nodes on loopback (erl,
 * nodemesh, JInterface), with raw TCP as the floor, measured in one run. Entry point {@link
 * dev.nodemesh.bench.e2e.EndToEnd}.
 */
package dev.nodemesh.bench.e2e;
