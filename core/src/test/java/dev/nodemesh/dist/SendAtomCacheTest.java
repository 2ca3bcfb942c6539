package dev.nodemesh.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.dist.ControlMessage.Link;
import dev.nodemesh.dist.ControlMessage.RegSend;
import dev.nodemesh.dist.ControlMessage.Send;
import dev.nodemesh.dist.ControlMessage.SendSender;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.LocalTerm;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.term.etf.EtfDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sending side's atom cache against this node's own reader of distribution headers: the
 * header's bytes, a long stream whose atoms outnumber the cache's slots many times (every slot
 * overwritten again and again), and packets dropped while being encoded.
 */
class SendAtomCacheTest {

    private static final Pid FROM = new Pid(Atom.of("chip@localhost"), 77, 0, 3);
    private static final Pid TO = new Pid(Atom.of("dale@localhost"), 88, 1, 4);

    private final SendAtomCache cache = new SendAtomCache();
    private final DistMessageDecoder reader =
            new DistMessageDecoder(EtfDecoder.standard(), new DistHeaderReader(EtfDecoder.standard()));

    @Test
    void theFirstSendCarriesTheTextsAndTheNextOnlyTheSlots() {
        ByteBuf first = packet(new SendSender(FROM, TO, null), Int.of(1));
        ByteBuf second = packet(new SendSender(FROM, TO, null), Int.of(2));

        // 83 44, two references, flags: both new (bit 3) in the low and high nibble, then the
        // header's own nibble (no long atoms)
        assertThat((int) first.getUnsignedByte(4)).isEqualTo(131);
        assertThat((int) first.getUnsignedByte(5)).isEqualTo(68);
        assertThat((int) first.getUnsignedByte(6)).isEqualTo(2);
        int flags = first.getUnsignedByte(7);
        assertThat(flags & 0x8).as("reference 0 is new").isEqualTo(0x8);
        assertThat(flags & 0x80).as("reference 1 is new").isEqualTo(0x80);
        assertThat((int) first.getUnsignedByte(8))
                .as("the header's own flags: no long atoms")
                .isZero();
        assertThat(ByteBufUtil.hexDump(first)).contains(ByteBufUtil.hexDump("chip@localhost".getBytes()));
        assertThat(ByteBufUtil.hexDump(second)).doesNotContain(ByteBufUtil.hexDump("chip@localhost".getBytes()));
        assertThat((int) second.getUnsignedByte(7) & 0x88)
                .as("neither reference is new")
                .isZero();
        assertThat(second.readableBytes()).isLessThan(first.readableBytes() - 28);

        assertThat(read(first)).isEqualTo(new DistMessage(new SendSender(FROM, TO, null), Int.of(1)));
        assertThat(read(second)).isEqualTo(new DistMessage(new SendSender(FROM, TO, null), Int.of(2)));
    }

    @Test
    void aLongStreamOfChangingAtomsDecodesAsSent() {
        SplittableRandom random = new SplittableRandom(42);
        List<Atom> atoms = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            atoms.add(Atom.of("atom_" + i + "_" + "x".repeat(random.nextInt(0, 40))));
        }
        atoms.add(Atom.of("å_ünïcode_" + "ø".repeat(120)));
        atoms.add(Atom.of("long_" + "é".repeat(200)));
        atoms.add(Atom.EMPTY);
        for (int i = 0; i < 60_000; i++) {
            Atom one = atoms.get(random.nextInt(atoms.size()));
            Atom two = random.nextInt(4) == 0 ? one : atoms.get(random.nextInt(atoms.size()));
            Pid from = new Pid(one, i, 0, 1);
            Pid to = new Pid(two, i, 1, 2);
            ControlMessage control =
                    switch (random.nextInt(4)) {
                        case 0 -> new SendSender(from, to, null);
                        case 1 -> new Send(two, to, null);
                        case 2 -> new RegSend(from, one, two, null);
                        default -> new Link(from, to);
                    };
            Term payload = control.hasPayload() ? Tuple.of(one, Int.of(i)) : null;

            assertThat(read(packet(control, payload))).as("packet %d", i).isEqualTo(new DistMessage(control, payload));
            assertThat(cache.size()).isZero();
        }
    }

    @Test
    void aPacketThatCannotBeEncodedLeavesTheCacheAsItWas() {
        Atom fresh = Atom.of("fresh@elsewhere");
        Pid newcomer = new Pid(fresh, 1, 0, 1);
        read(packet(new SendSender(FROM, TO, null), Int.of(1)));
        ByteBuf out = Unpooled.buffer();
        out.writeByte(7);

        assertThatThrownBy(() -> DistFrames.encode(
                        DistFraming.DISTRIBUTION_HEADER,
                        new SendSender(newcomer, TO, null),
                        Tuple.of(LocalTerm.of(new byte[] {121, 1, 2})),
                        out,
                        cache))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(out.writerIndex()).isEqualTo(1);
        assertThat(cache.size()).isZero();

        // the slot the dropped packet had filled must be sent again as a new entry
        ByteBuf next = packet(new SendSender(newcomer, TO, null), Int.of(2));
        assertThat(ByteBufUtil.hexDump(next)).contains(ByteBufUtil.hexDump("fresh@elsewhere".getBytes()));
        assertThat(read(next)).isEqualTo(new DistMessage(new SendSender(newcomer, TO, null), Int.of(2)));
    }

    @Test
    void twoAtomsOfOneSlotInOnePacketShareNothing() {
        // find two atoms with the same slot, then send them in one REG_SEND
        List<Atom> seen = new ArrayList<>();
        Atom[] pair = null;
        for (int i = 0; pair == null; i++) {
            Atom candidate = Atom.of("n" + i);
            SendAtomCache probe = new SendAtomCache();
            for (Atom other : seen) {
                probe.ref(other);
                if (probe.ref(candidate) < 0) {
                    pair = new Atom[] {other, candidate};
                    break;
                }
                probe.abort();
            }
            seen.add(candidate);
        }
        ControlMessage control = new RegSend(new Pid(pair[0], 1, 0, 1), Atom.EMPTY, pair[1], null);

        assertThat(read(packet(control, Atom.OK))).isEqualTo(new DistMessage(control, Atom.OK));
        assertThat(read(packet(control, Atom.OK))).isEqualTo(new DistMessage(control, Atom.OK));
    }

    private ByteBuf packet(ControlMessage control, Term payload) {
        ByteBuf out = Unpooled.buffer();
        DistFrames.encode(DistFraming.DISTRIBUTION_HEADER, control, payload, out, cache);
        return out;
    }

    private DistMessage read(ByteBuf packet) {
        int length = packet.getInt(0);
        assertThat(length).isEqualTo(packet.readableBytes() - 4);
        ByteBuf frame = packet.duplicate().readerIndex(4);
        DistMessage message = reader.parse(frame, length);
        assertThat(frame.isReadable()).isFalse();
        return message;
    }
}
