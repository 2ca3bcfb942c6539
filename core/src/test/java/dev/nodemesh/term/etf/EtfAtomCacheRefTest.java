package dev.nodemesh.term.etf;

import static dev.nodemesh.term.etf.Bytes.u16;
import static dev.nodemesh.term.etf.Bytes.u32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Port;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ATOM_CACHE_REF} in terms that follow a distribution header ({@link
 * EtfDecoder#decodeBody(ByteBuf, Atom[], int)}) and the text of new atom cache entries ({@link
 * EtfDecoder#decodeAtomText}).
 */
class EtfAtomCacheRefTest {

    private static final EtfDecoder DECODER = EtfDecoder.standard();
    private static final Atom NODE = Atom.of("b@vm");
    private static final Atom REX = Atom.of("rex");
    private static final Atom[] REFS = {NODE, Atom.EMPTY, REX, null, null};

    private static Term body(ByteBuf in, int refCount) {
        try {
            return DECODER.decodeBody(in, REFS, refCount);
        } finally {
            in.release();
        }
    }

    private static Term body(byte[] bytes, int refCount) {
        return body(Unpooled.wrappedBuffer(bytes), refCount);
    }

    /** {@code {6, <b@vm.54.0>, '', rex}} with every atom a reference, as OTP sends REG_SEND. */
    private static final byte[] REG_SEND = Bytes.of(104, 4, 97, 6, 88, 82, 0, u32(54), u32(0), u32(7), 82, 1, 82, 2);

    private static final Tuple REG_SEND_TERM = Tuple.of(Int.of(6), new Pid(NODE, 54, 0, 7), Atom.EMPTY, REX);

    @ParameterizedTest
    @MethodSource("dev.nodemesh.term.etf.EtfDecoderTest#buffers")
    void referencesResolveOnEveryKindOfBuffer(Function<byte[], ByteBuf> wrap) {
        ByteBuf in = wrap.apply(Bytes.of(REG_SEND, 82, 2));
        try {
            assertThat(DECODER.decodeBody(in, REFS, 3)).isEqualTo(REG_SEND_TERM);
            assertThat(DECODER.decodeBody(in, REFS, 3)).isSameAs(REX);
            assertThat(in.isReadable()).isFalse();
        } finally {
            in.release();
        }
    }

    @Test
    void referencesResolveWhereverAnAtomMayStand() {
        byte[] bytes = Bytes.of(
                108, u32(4), // a list of a reference, a port, a pid of the old kind and a map
                90, u16(1), 82, 0, u32(9), u32(1), // NEWER_REFERENCE_EXT, node by reference
                89, 82, 0, u32(5), u32(9), // NEW_PORT_EXT
                103, 82, 0, u32(1), u32(2), 3, // PID_EXT
                116, u32(1), 82, 2, 82, 1, // #{rex => ''}
                82, 2); // an improper tail
        Term expected = TermList.improper(
                new Term[] {
                    Ref.of(NODE, 9, 1), new Port(NODE, 5, 9), new Pid(NODE, 1, 2, 3), TermMap.of(REX, Atom.EMPTY)
                },
                REX);
        assertThat(body(bytes, 3)).isEqualTo(expected);
        assertThat(body(Unpooled.directBuffer().writeBytes(bytes), 3)).isEqualTo(expected);
    }

    @Test
    void referencesResolveBelowTheFastPathsDepth() {
        // 100 nested one-element tuples: the recursive fast path hands over to the iterative reader
        byte[] bytes = Bytes.of(Bytes.repeat(Bytes.of(104, 1), 100), 82, 2);
        Term term = body(bytes, 3);
        for (int i = 0; i < 100; i++) {
            term = ((Tuple) term).get(0);
        }
        assertThat(term).isSameAs(REX);
    }

    @Test
    void referencesResolveInsideACompressedTerm() {
        byte[] inner = Bytes.of(104, 2, 82, 2, 82, 0);
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(zlib, new Deflater())) {
            out.write(inner);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(body(Bytes.of(80, u32(inner.length), zlib.toByteArray()), 3)).isEqualTo(Tuple.of(REX, NODE));
    }

    @Test
    void anIndexBeyondTheHeadersReferencesIsRejected() {
        // fast path (heap), iterative reader (direct), and an atom inside a pid
        assertThatThrownBy(() -> body(Bytes.of(104, 1, 82, 3), 3))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("ATOM_CACHE_REF index 3 is not below the 3 atom cache references");
        assertThatThrownBy(() -> body(Unpooled.directBuffer().writeBytes(Bytes.of(82, 255)), 3))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("ATOM_CACHE_REF index 255 is not below the 3");
        assertThatThrownBy(() -> body(Bytes.of(88, 82, 0, u32(1), u32(2), u32(3)), 0))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("index 0 is not below the 0");
    }

    @Test
    void aReferenceCutShortIsTruncatedInput() {
        assertThatThrownBy(() -> body(Bytes.of(104, 2, 82, 0, 82), 3))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("truncated input: ATOM_CACHE_REF needs 1 more byte");
    }

    @Test
    void withoutAHeaderReferencesStayErrors() {
        assertThatThrownBy(() -> DECODER.decodeBody(Unpooled.wrappedBuffer(Bytes.of(82, 0))))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("ATOM_CACHE_REF refers to the atom cache of a distribution header");
        assertThatThrownBy(() -> DECODER.decode(Bytes.of(131, 104, 1, 88, 82, 0, u32(1), u32(2), u32(3))))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("ATOM_CACHE_REF for the NEW_PID_EXT node");
    }

    @Test
    void theReferenceCountMustFitTheArray() {
        ByteBuf in = Unpooled.wrappedBuffer(Bytes.of(82, 0));
        assertThatThrownBy(() -> DECODER.decodeBody(in, REFS, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DECODER.decodeBody(in, REFS, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- atom text of new cache entries ----

    private static Atom atomText(byte[] bytes, int length) {
        return DECODER.decodeAtomText(Unpooled.wrappedBuffer(bytes), length);
    }

    @Test
    void atomTextIsStrictUtf8AndMovesPastTheText() {
        byte[] text = "fé_ß".getBytes(StandardCharsets.UTF_8);
        ByteBuf in = Unpooled.wrappedBuffer(Bytes.of(text, 99));
        assertThat(DECODER.decodeAtomText(in, text.length)).isEqualTo(Atom.of("fé_ß"));
        assertThat(in.readerIndex()).isEqualTo(text.length);
        assertThat(DECODER.decodeAtomText(in, 0)).isEqualTo(Atom.EMPTY);
        assertThat(in.readerIndex()).isEqualTo(text.length);
    }

    @Test
    void atomTextComesFromTheAtomTableOnEveryKindOfBuffer() {
        Atom first = atomText(Bytes.of("features_request"), 16);
        assertThat(atomText(Bytes.of("features_request"), 16)).isSameAs(first);
        ByteBuf direct = Unpooled.directBuffer().writeBytes(Bytes.of("features_request"));
        try {
            assertThat(DECODER.decodeAtomText(direct, 16)).isSameAs(first);
        } finally {
            direct.release();
        }
    }

    @Test
    void badAtomTextIsRejectedWithoutMovingTheReaderIndex() {
        ByteBuf in = Unpooled.wrappedBuffer(Bytes.of("abc", 0xc0, 0x80));
        assertThatThrownBy(() -> DECODER.decodeAtomText(in, 5))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("atom text is not valid UTF-8");
        assertThatThrownBy(() -> DECODER.decodeAtomText(in, 6))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("atom text length 6 exceeds the 5 bytes that remain");
        assertThat(in.readerIndex()).isZero();
        byte[] longest = "x".repeat(255).getBytes(StandardCharsets.US_ASCII);
        assertThat(atomText(longest, 255).name()).hasSize(255);
        assertThatThrownBy(() -> atomText(Bytes.of(longest, "x"), 256))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("atom text has 256 characters, more than the limit of 255");
        byte[] wide = "é".repeat(256).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> atomText(wide, wide.length))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("atom text has 256 characters");
        assertThatThrownBy(() -> atomText(new byte[1021], 1021))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("atom text length 1021 is longer than the limit of 255 characters");
    }
}
