/**
 * Test support shared by every module's tests (through the core test-jar): {@link
 * dev.nodemesh.testsupport.ErlLauncher}, the one way to start {@code erl}/{@code elixir} (and other
 * OS tools), {@link dev.nodemesh.testsupport.BeamNode} to drive a node line by line, {@link
 * dev.nodemesh.testsupport.TestPorts} for ports outside the kernel's ephemeral range, and process
 * hygiene ({@link dev.nodemesh.testsupport.ExternalProcess}).
 */
package dev.nodemesh.testsupport;
