package dev.nodemesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Atom;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The bounds on dialling nodes that peers name. */
class IntroducedDialsTest {

    private static final Atom SELF = Atom.of("chip@localhost");
    private static final Atom PEER = Atom.of("dale@localhost");

    /** A dialer whose dials complete when the test says. */
    private final Map<Atom, CompletableFuture<Object>> dials = new HashMap<>();

    private final List<Atom> dialled = new ArrayList<>();

    private final IntroducedDials introduced = new IntroducedDials(SELF, node -> {
        dialled.add(node);
        return dials.computeIfAbsent(node, n -> new CompletableFuture<>());
    });

    @Test
    void aValidNameIsDialledAndTheResultFollowsTheDial() {
        CompletableFuture<Void> result = introduced.dial(Atom.of("eve@localhost"), PEER);

        assertThat(dialled).containsExactly(Atom.of("eve@localhost"));
        assertThat(result).isNotDone();
        dials.get(Atom.of("eve@localhost")).complete("connected");
        assertThat(result).isCompleted();
    }

    @Test
    void namesThatAreNoNodeNamesAndThisNodeItselfAreRefusedWithoutADial() {
        for (String name :
                new String[] {"no-at-sign", "a@b\nFAKE LOG LINE", "@host", "x@", "a b@host", "chip@localhost"}) {
            CompletableFuture<Void> result = introduced.dial(Atom.of(name), PEER);

            assertThat(result).as(name).isCompletedExceptionally();
            assertThat(cause(result)).as(name).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(dialled).isEmpty();
    }

    @Test
    void aNodeNamedTwiceIsDialledOnce() {
        CompletableFuture<Void> first = introduced.dial(Atom.of("eve@localhost"), PEER);
        CompletableFuture<Void> second = introduced.dial(Atom.of("eve@localhost"), Atom.of("other@localhost"));

        assertThat(second).isSameAs(first);
        assertThat(dialled).hasSize(1);
    }

    @Test
    void atMostSixteenRunAndTheQueueIsBoundedBeyondThatNamesAreRefused() {
        List<CompletableFuture<Void>> results = new ArrayList<>();
        int accepted = IntroducedDials.MAX_RUNNING + IntroducedDials.MAX_QUEUED;
        for (int i = 0; i < accepted + 10; i++) {
            results.add(introduced.dial(Atom.of("n" + i + "@invented"), PEER));
        }

        assertThat(dialled).hasSize(IntroducedDials.MAX_RUNNING);
        assertThat(results.subList(0, accepted)).allSatisfy(r -> assertThat(r).isNotDone());
        assertThat(results.subList(accepted, accepted + 10))
                .allSatisfy(r -> assertThat(cause(r)).isInstanceOf(IllegalArgumentException.class));

        // a dial that ends lets the first waiting one start
        dials.get(Atom.of("n0@invented")).completeExceptionally(new ConnectException("refused"));
        assertThat(cause(results.get(0))).isInstanceOf(ConnectException.class);
        assertThat(dialled).hasSize(IntroducedDials.MAX_RUNNING + 1).last().isEqualTo(Atom.of("n16@invented"));
    }

    @Test
    void aQueueOfDialsThatAllFailAtOnceDrainsWithoutDeepRecursion() {
        List<CompletableFuture<Void>> results = new ArrayList<>();
        CompletableFuture<Object> gate = new CompletableFuture<>();
        IntroducedDials failing = new IntroducedDials(SELF, node -> {
            dialled.add(node);
            return gate.thenApply(x -> {
                throw new IllegalStateException("no such host");
            });
        });
        int accepted = IntroducedDials.MAX_RUNNING + IntroducedDials.MAX_QUEUED;
        for (int i = 0; i < accepted; i++) {
            results.add(failing.dial(Atom.of("n" + i + "@invented"), PEER));
        }

        // from now on every dial fails the moment it starts
        gate.complete("go");

        assertThat(dialled).hasSize(accepted);
        assertThat(results).allSatisfy(r -> assertThat(r).isCompletedExceptionally());
        CompletableFuture<Void> after = failing.dial(Atom.of("late@invented"), PEER);
        assertThat(dialled).hasSize(accepted + 1);
        assertThat(after).isCompletedExceptionally();
    }

    private static Throwable cause(CompletableFuture<Void> result) {
        try {
            result.get();
            throw new AssertionError("completed normally");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
