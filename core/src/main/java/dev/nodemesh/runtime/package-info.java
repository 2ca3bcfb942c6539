/**
 * Internal: not API, may change without notice. The node's process runtime, below the public
 * facades {@code Node} and {@code Mailbox}: {@link dev.nodemesh.runtime.NodeRuntime} (the
 * composition root: process table, connection table, routing, exit signals, undeliverable
 * counts), {@link dev.nodemesh.runtime.MailboxProcess} (a mailbox's queue, bounds, signals and
 * handler drain), {@link dev.nodemesh.runtime.NodeRouter} (packets to processes), {@link
 * dev.nodemesh.runtime.Links}, {@link dev.nodemesh.runtime.Monitors}, {@link
 * dev.nodemesh.runtime.NodeWatchers}, the system processes ({@code net_kernel}'s and {@code rex}'s
 * responders, the
 * mesh gossip) and the peer locators.
 *
 * <p>Classes here are public only so that the API package can reach them; applications must not
 * use them. The runtime uses the API's value types (names, configuration, {@code Down}, handlers)
 * but never the {@code Node} facade.
 */
package dev.nodemesh.runtime;
