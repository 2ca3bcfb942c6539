/**
 * Internal: not API, may change without notice. The node's part in Erlang's {@code global}: a
 * {@code global_name_server} that answers the name servers of BEAM nodes (and of other nodemesh
 * nodes) so that names registered anywhere are unique across the cluster. {@link
 * dev.nodemesh.global.GlobalNameServer} is the process: it answers the calls {@code set_lock},
 * {@code register}, {@code unregister} and {@code del_lock} and the {@code
 * prevent_overlapping_partitions} messages, and hands the connect protocol ({@code init_connect},
 * the partition lock, {@code exchange}, {@code resolved}, {@code new_nodes}, {@code in_sync}) to
 * {@link dev.nodemesh.global.ConnectHandshake}; {@link dev.nodemesh.global.GlobalRegistry} is what
 * {@code Node.global()} calls to register, look up and unregister names from Java.
 *
 * <p>The package stands on the process runtime ({@code dev.nodemesh.runtime}) and the connection
 * table; nothing below it knows about it, and it never reaches up to the {@code Node} facade, which
 * starts it.
 */
package dev.nodemesh.global;
