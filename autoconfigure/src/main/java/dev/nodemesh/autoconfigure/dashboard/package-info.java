/**
 * The cluster view: a read-only page and its JSON snapshot on the actuator endpoint {@code cluster}
 * ({@code nodemesh.dashboard.enabled}), with the bounded traffic and event histories behind them.
 */
package dev.nodemesh.autoconfigure.dashboard;
