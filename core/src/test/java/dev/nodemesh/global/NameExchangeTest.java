package dev.nodemesh.global;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a name server settles the names a connecting peer offers against its own. */
class NameExchangeTest {

    private static final Atom ANNA = Atom.of("anna@host");
    private static final Atom BERT = Atom.of("bert@host");
    private static final Pid ON_ANNA = new Pid(ANNA, 40, 0, 1);
    private static final Pid ON_BERT = new Pid(BERT, 41, 0, 1);

    private static NameTable tableWith(Atom name, Pid pid) {
        NameTable table = new NameTable();
        table.put(new NameTable.Entry(name, pid, GlobalTerms.RANDOM_EXIT_NAME, null));
        return table;
    }

    private static NameExchange.Offered offered(String name, Pid pid) {
        return new NameExchange.Offered(Atom.of(name), pid, GlobalTerms.RANDOM_EXIT_NAME);
    }

    @Test
    void aNameOnlyThePeerHasIsInsertedHere() {
        NameExchange result = NameExchange.of(ANNA, BERT, List.of(offered("orders", ON_BERT)), new NameTable());

        assertThat(result.ownOps()).containsExactly(NameExchange.insert(offered("orders", ON_BERT)));
        assertThat(result.peerOps()).isEmpty();
        assertThat(result.losers()).isEmpty();
    }

    @Test
    void theSameRegistrationOnBothSidesIsNoConflict() {
        NameExchange result =
                NameExchange.of(ANNA, BERT, List.of(offered("orders", ON_BERT)), tableWith(Atom.of("orders"), ON_BERT));

        assertThat(result.ownOps()).isEmpty();
        assertThat(result.peerOps()).isEmpty();
        assertThat(result.losers()).isEmpty();
    }

    @Test
    void theNodeWhoseNameSortsFirstResolvesAndItsOwnProcessWins() {
        NameExchange result =
                NameExchange.of(ANNA, BERT, List.of(offered("orders", ON_BERT)), tableWith(Atom.of("orders"), ON_ANNA));

        assertThat(result.ownOps()).isEmpty();
        assertThat(result.peerOps()).containsExactly(NameExchange.insert(offered("orders", ON_ANNA)));
        assertThat(result.losers()).containsExactly(ON_BERT);
    }

    @Test
    void theResolvingNodeKillsItsOwnProcessWhenThePeersSortsFirst() {
        Pid onAaron = new Pid(Atom.of("aaron@host"), 42, 0, 1);
        NameExchange result =
                NameExchange.of(ANNA, BERT, List.of(offered("orders", onAaron)), tableWith(Atom.of("orders"), ON_ANNA));

        assertThat(result.ownOps()).containsExactly(NameExchange.insert(offered("orders", onAaron)));
        assertThat(result.losers()).containsExactly(ON_ANNA);
    }

    @Test
    void theNodeWhoseNameSortsLastLeavesTheConflictToThePeer() {
        NameExchange result =
                NameExchange.of(BERT, ANNA, List.of(offered("orders", ON_ANNA)), tableWith(Atom.of("orders"), ON_BERT));

        assertThat(result.ownOps()).isEmpty();
        assertThat(result.peerOps()).isEmpty();
        assertThat(result.losers()).isEmpty();
    }
}
