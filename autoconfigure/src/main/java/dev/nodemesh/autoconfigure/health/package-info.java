/** The {@code nodemesh} health indicator. */
package dev.nodemesh.autoconfigure.health;
