/**
 * Spring Boot auto-configuration for nodemesh: the {@code nodemesh.*} properties, the node as a
 * bean run by a {@code SmartLifecycle}, and the auto-configurations of the actuator endpoint, the
 * health indicator and the Micrometer meters.
 */
package dev.nodemesh.autoconfigure;
