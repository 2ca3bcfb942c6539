/**
 * EPMD, the Erlang Port Mapper Daemon protocol: {@link dev.nodemesh.epmd.EpmdClient} registers a
 * node and looks peers up, {@link dev.nodemesh.epmd.EmbeddedEpmd} is an EPMD server inside the JVM
 * that real {@code erl} nodes can use, and {@link dev.nodemesh.epmd.EpmdRegistrar} keeps a node
 * registered for its whole life, starting or taking over an embedded EPMD when nothing else
 * answers.
 *
 * <p>Internal: not part of the public API. Depends only on Netty, SLF4J and the JDK. Every
 * failure is an {@link dev.nodemesh.epmd.EpmdException}; bytes from the network are bounded and
 * validated before use.
 */
package dev.nodemesh.epmd;
