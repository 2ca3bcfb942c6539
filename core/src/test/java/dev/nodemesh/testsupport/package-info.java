/** Test support: launching real erl/elixir for interop tests, and process hygiene. */
package dev.nodemesh.testsupport;
