package dev.nodemesh.autoconfigure.dashboard;

/**
 * The traffic of one connection between two readings of its counters, per second.
 *
 * @param at when the later reading was taken, in milliseconds since the epoch
 * @param messagesIn packets received per second
 * @param messagesOut packets sent per second
 * @param bytesIn bytes received per second
 * @param bytesOut bytes sent per second
 */
public record TrafficSample(long at, double messagesIn, double messagesOut, double bytesIn, double bytesOut) {}
