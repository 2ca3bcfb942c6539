/** Encode/decode benchmarks of the External Term Format codec, and the payloads they share. */
package dev.nodemesh.bench.codec;
