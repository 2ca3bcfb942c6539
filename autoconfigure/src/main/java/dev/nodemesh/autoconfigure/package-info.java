/**
 * Spring Boot auto-configuration for nodemesh: properties, the node as a lifecycle bean,
 * {@code @NodeProcess} wiring, {@code NodeTemplate}, actuator endpoint, health and metrics.
 */
package dev.nodemesh.autoconfigure;
