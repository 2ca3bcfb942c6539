/**
 * The node runtime, nodemesh's public API: {@code Node}, {@code NodeConfig}, {@link
 * dev.nodemesh.NodeName}, {@link dev.nodemesh.Cookie}, {@code Mailbox} and the types they use.
 *
 * <p>A node is started from an immutable configuration: its name (a short name such as {@code
 * chip@myhost}, like {@code erl -sname}, or a long one such as {@code chip@myhost.example.com},
 * like {@code erl -name}) and the cookie it shares with the nodes it talks to (given explicitly,
 * or read from {@code ~/.erlang.cookie} exactly as {@code erl} reads it).
 *
 * <p>The term model lives in {@link dev.nodemesh.term}.
 */
package dev.nodemesh;
