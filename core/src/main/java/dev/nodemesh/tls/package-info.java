/**
 * TLS on the distribution port, as OTP's {@code inet_tls_dist} runs it: {@link
 * dev.nodemesh.tls.TlsConfig} holds the certificates and the rules, and hands each connection
 * the {@code SslHandler} that goes first in its pipeline, so that the cookie handshake and every
 * packet after it travel inside TLS. EPMD stays plain.
 */
package dev.nodemesh.tls;
