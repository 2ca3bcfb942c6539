/**
 * The External Term Format codec: {@link dev.nodemesh.term.etf.EtfDecoder} turns the bytes of
 * {@code term_to_binary} and of distribution messages into {@link dev.nodemesh.term.Term}s, and
 * {@link dev.nodemesh.term.etf.EtfEncoder} writes terms exactly as OTP's
 * {@code term_to_binary(T, [{minor_version, 2}])} does.
 *
 * <p>Public API. The wire layout of every tag is described once, in {@link
 * dev.nodemesh.term.etf.EtfTags}. Decoding is bounded by {@link dev.nodemesh.term.etf.EtfLimits}
 * and fails only with {@link dev.nodemesh.term.etf.EtfDecodeException}.
 */
package dev.nodemesh.term.etf;
