package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Node names order byte-wise on UTF-8 and survive parsing their own text. */
class NodeNamePropertyTest {

    @Property
    void orderIsByteWiseOnUtf8(@ForAll("names") NodeName a, @ForAll("names") NodeName b) {
        int expected = Arrays.compareUnsigned(utf8(a), utf8(b));

        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(expected));
        assertThat(Integer.signum(a.atom().compareTo(b.atom()))).isEqualTo(Integer.signum(expected));
        assertThat(a.equals(b)).isEqualTo(expected == 0);
    }

    @Property
    void parsingTheTextGivesTheNameBack(@ForAll("names") NodeName name) {
        NodeName again = NodeName.parse(name.toString());

        assertThat(again).isEqualTo(name).hasSameHashCodeAs(name);
        assertThat(again.alive()).isEqualTo(name.alive());
        assertThat(again.host()).isEqualTo(name.host());
        assertThat(NodeName.of(name.toString(), again.mode())).isEqualTo(name);
    }

    @Provide
    Arbitrary<NodeName> names() {
        Arbitrary<String> alive = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'C')
                .withCharRange('0', '2')
                .withChars('_', '-')
                .ofMinLength(1)
                .ofMaxLength(4);
        Arbitrary<String> host = Arbitraries.strings()
                .withCharRange('!', '?')
                .withCharRange('A', '~')
                .withCharRange('\u00a0', '\u00ff')
                .ofMinLength(1)
                .ofMaxLength(4);
        return Combinators.combine(alive, host).as((a, h) -> NodeName.parse(a + "@" + h));
    }

    private static byte[] utf8(NodeName name) {
        return name.toString().getBytes(StandardCharsets.UTF_8);
    }
}
