/**
 * What a Spring application writes against: {@link dev.nodemesh.spring.NodeProcess} beans with
 * {@link dev.nodemesh.spring.OnMessage} methods, and {@link dev.nodemesh.spring.NodeTemplate}
 * to send, call and cast. Java objects become terms through the node's {@link
 * dev.nodemesh.term.mapping.TermMapper}.
 *
 * <p>Public API.
 */
package dev.nodemesh.spring;
