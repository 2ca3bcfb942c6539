/**
 * Discovery: the members of the cluster from a static list, DNS records or Spring Cloud's {@code
 * DiscoveryClient}, polled by {@link dev.nodemesh.autoconfigure.discovery.DiscoveryPoller}, which
 * has the node connect to members that appear and forget those that vanish.
 */
package dev.nodemesh.autoconfigure.discovery;
