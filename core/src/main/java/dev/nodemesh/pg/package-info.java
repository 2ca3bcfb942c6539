/**
 * Internal: not API, may change without notice. Process groups that speak the protocol of
 * Erlang's {@code pg} (OTP 23+): one scope process per scope name ({@link
 * dev.nodemesh.pg.PgScope}), registered under that name, which discovers the same scope on every
 * peer, exchanges memberships with it ({@code discover}, {@code sync}, {@code join}, {@code leave})
 * and monitors the peers' scope processes and its own node's members; a concurrent read view of
 * the memberships ({@link dev.nodemesh.pg.GroupView}) that {@code members} and {@code publish}
 * read without a lock.
 *
 * <p>Built on the public API alone (a scope is a {@code Mailbox} with a handler): it uses
 * mailboxes, monitors and node events as an application could, never the runtime below them.
 */
package dev.nodemesh.pg;
