/**
 * Spring application events for what happens to a node's connections: a node coming up, going down
 * with a reason, or failing to connect.
 */
package dev.nodemesh.autoconfigure.event;
