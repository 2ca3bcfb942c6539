/**
 * Memory harnesses: what nodemesh's processes hold on the heap, next to what the same thing
 * costs on a real Erlang VM measured in the same run.
 */
package dev.nodemesh.bench.memory;
