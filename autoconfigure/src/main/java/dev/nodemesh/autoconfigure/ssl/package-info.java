/** TLS on the distribution port from a Spring Boot SSL bundle, and its reload when the bundle changes. */
package dev.nodemesh.autoconfigure.ssl;
