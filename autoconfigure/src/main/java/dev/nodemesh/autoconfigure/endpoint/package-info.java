/** The {@code nodes} actuator endpoint: this node, its connections and its registered processes. */
package dev.nodemesh.autoconfigure.endpoint;
