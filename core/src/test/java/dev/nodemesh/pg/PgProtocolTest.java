package dev.nodemesh.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** pg's terms as OTP 25 to 28 send them, and what is refused. */
class PgProtocolTest {

    private static final Pid PEER = new Pid(Atom.of("b@localhost"), 50, 0, 1);
    private static final Pid MEMBER = new Pid(Atom.of("b@localhost"), 90, 0, 1);
    private static final Atom GROUP = Atom.of("g");

    @Test
    void readsEveryFormOfDiscover() throws Exception {
        assertThat(PgProtocol.parse(Tuple.of(Atom.of("discover"), PEER))).contains(new PgMessage.Discover(PEER));
        assertThat(PgProtocol.parse(Tuple.of(Atom.of("discover"), PEER, Int.of(1))))
                .contains(new PgMessage.Discover(PEER));
        assertThat(PgProtocol.parse(Tuple.of(Atom.of("discover"), PEER, TermMap.EMPTY)))
                .contains(new PgMessage.Discover(PEER));
    }

    @Test
    void readsJoinAndLeaveWithAPidOrAList() throws Exception {
        assertThat(PgProtocol.parse(Tuple.of(Atom.of("join"), PEER, GROUP, MEMBER)))
                .contains(new PgMessage.Join(PEER, GROUP, List.of(MEMBER)));
        assertThat(PgProtocol.parse(Tuple.of(Atom.of("join"), PEER, GROUP, TermList.of(MEMBER, MEMBER))))
                .contains(new PgMessage.Join(PEER, GROUP, List.of(MEMBER, MEMBER)));
        assertThat(PgProtocol.parse(Tuple.of(Atom.of("leave"), PEER, MEMBER, TermList.of(GROUP))))
                .contains(new PgMessage.Leave(PEER, List.of(MEMBER), List.of(GROUP)));
    }

    @Test
    void readsASyncAndMergesARepeatedGroup() throws Exception {
        Term sync = PgProtocol.sync(PEER, Map.of(GROUP, List.of(MEMBER)));
        assertThat(PgProtocol.parse(sync)).contains(new PgMessage.Sync(PEER, Map.of(GROUP, List.of(MEMBER))));

        Term twice = Tuple.of(
                Atom.of("$gen_cast"),
                Tuple.of(
                        Atom.of("sync"),
                        PEER,
                        TermList.of(Tuple.of(GROUP, TermList.of(MEMBER)), Tuple.of(GROUP, TermList.of(MEMBER)))));
        assertThat(PgProtocol.parse(twice)).contains(new PgMessage.Sync(PEER, Map.of(GROUP, List.of(MEMBER, MEMBER))));
    }

    @Test
    void writesWhatOtp25Reads() {
        assertThat(PgProtocol.discover(PEER)).isEqualTo(Tuple.of(Atom.of("discover"), PEER));
        assertThat(PgProtocol.join(PEER, GROUP, MEMBER)).isEqualTo(Tuple.of(Atom.of("join"), PEER, GROUP, MEMBER));
        assertThat(PgProtocol.leave(PEER, MEMBER, List.of(GROUP)))
                .isEqualTo(Tuple.of(Atom.of("leave"), PEER, MEMBER, TermList.of(GROUP)));
    }

    @Test
    void otherMessagesAreNotPgs() throws Exception {
        assertThat(PgProtocol.parse(Atom.of("hello"))).isEmpty();
        assertThat(PgProtocol.parse(Tuple.of(Atom.of("$gen_cast"), Atom.of("other"))))
                .isEmpty();
        assertThat(PgProtocol.parse(Tuple.of(Int.of(1), PEER))).isEmpty();
    }

    @Test
    void aPgTagWithTheWrongShapeIsRefused() {
        for (Term bad : List.of(
                Tuple.of(Atom.of("discover")),
                Tuple.of(Atom.of("discover"), Atom.of("x")),
                Tuple.of(Atom.of("join"), PEER, GROUP),
                Tuple.of(Atom.of("join"), PEER, GROUP, TermList.of(Int.of(1))),
                Tuple.of(Atom.of("leave"), PEER, MEMBER, GROUP),
                Tuple.of(Atom.of("$gen_cast"), Tuple.of(Atom.of("sync"), PEER, TermList.of(GROUP))))) {
            assertThatThrownBy(() -> PgProtocol.parse(bad))
                    .isInstanceOf(PgProtocolException.class)
                    .extracting(e -> ((PgProtocolException) e).kind())
                    .isEqualTo(PgProtocolException.Kind.MALFORMED);
        }
    }
}
