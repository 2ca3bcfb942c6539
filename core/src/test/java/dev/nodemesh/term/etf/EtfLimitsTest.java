package dev.nodemesh.term.etf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EtfLimitsTest {

    @Test
    void defaultsAreDepth1024Atoms255AndSixtyFourMebibytes() {
        assertThat(EtfLimits.DEFAULTS).isEqualTo(new EtfLimits(1024, 255, 64 << 20, 64 << 20));
    }

    @Test
    void withMethodsChangeOneLimitEach() {
        EtfLimits limits = EtfLimits.DEFAULTS
                .withMaxDepth(8)
                .withMaxAtomLength(10)
                .withMaxTermBytes(1000)
                .withMaxDecompressedBytes(0);
        assertThat(limits).isEqualTo(new EtfLimits(8, 10, 1000, 0));
        assertThat(EtfLimits.DEFAULTS.maxDepth()).isEqualTo(1024);
    }

    @Test
    void outOfRangeValuesAreRejected() {
        assertThatThrownBy(() -> EtfLimits.DEFAULTS.withMaxDepth(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDepth");
        assertThatThrownBy(() -> EtfLimits.DEFAULTS.withMaxAtomLength(256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAtomLength must be 0..255");
        assertThatThrownBy(() -> EtfLimits.DEFAULTS.withMaxAtomLength(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EtfLimits.DEFAULTS.withMaxTermBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EtfLimits.DEFAULTS.withMaxDecompressedBytes(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zeroDecompressedBytesRejectsCompressedTerms() {
        EtfDecoder decoder = new EtfDecoder(EtfLimits.DEFAULTS.withMaxDecompressedBytes(0));
        assertThatThrownBy(() -> decoder.decode(Bytes.of(131, 80, Bytes.u32(2), 0x78, 0x9c)))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("more than the limit of 0");
    }
}
