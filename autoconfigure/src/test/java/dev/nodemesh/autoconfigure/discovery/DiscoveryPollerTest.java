package dev.nodemesh.autoconfigure.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.NodeName;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The poller's bookkeeping: appear, vanish, never itself, bounds, failures logged per state change. */
@ExtendWith(OutputCaptureExtension.class)
class DiscoveryPollerTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    private static final NodeName SELF = NodeName.parse("app@10.0.0.1");

    /** A source whose answer the test sets: members, or a failure. */
    private static final class Source implements DiscoveryStrategy {

        final AtomicReference<Object> answer = new AtomicReference<>(Set.of());

        final AtomicInteger asked = new AtomicInteger();

        @Override
        public String name() {
            return "test";
        }

        @Override
        @SuppressWarnings("unchecked")
        public Set<DiscoveredNode> members() throws DiscoveryException {
            asked.incrementAndGet();
            Object current = answer.get();
            if (current instanceof DiscoveryException e) {
                throw e;
            }
            return (Set<DiscoveredNode>) current;
        }
    }

    /** What the poller told the connector, in order. */
    private static final class Recorder implements MemberConnector {

        final List<String> calls = new CopyOnWriteArrayList<>();

        final List<Boolean> keepConnected = new CopyOnWriteArrayList<>();

        @Override
        public void connect(DiscoveredNode member, boolean keep) {
            calls.add("+" + member.name() + (member.hasPort() ? ":" + member.port() : ""));
            keepConnected.add(keep);
        }

        @Override
        public void forget(NodeName member) {
            calls.add("-" + member);
        }
    }

    private static DiscoveredNode member(String ip) {
        return DiscoveredNode.of(NodeName.parse("app@" + ip));
    }

    private static DiscoveryPoller poller(Source source, Recorder recorder, int maxMembers) {
        return new DiscoveryPoller(List.of(source), SELF, Duration.ofMillis(20), maxMembers, recorder);
    }

    /** Waits for the poller to ask the source at least twice more, so that the last answer was seen. */
    private static void awaitPolls(Source source) {
        int now = source.asked.get();
        await().atMost(SOON).until(() -> source.asked.get() >= now + 2);
    }

    @Test
    void membersThatAppearShouldBeConnectedAndThoseThatVanishForgottenButNeverItself() {
        Source source = new Source();
        Recorder recorder = new Recorder();
        source.answer.set(Set.of(member("10.0.0.1"), member("10.0.0.2")));
        DiscoveryPoller poller = poller(source, recorder, 100);
        poller.start();
        try {
            awaitPolls(source);
            assertThat(recorder.calls).containsExactly("+app@10.0.0.2");
            assertThat(recorder.keepConnected)
                    .as("a polled source's members are kept connected")
                    .containsExactly(true);

            source.answer.set(Set.of(member("10.0.0.3"), new DiscoveredNode(NodeName.parse("app@10.0.0.2"), 9100)));
            awaitPolls(source);
            assertThat(recorder.calls)
                    .containsExactlyInAnyOrder("+app@10.0.0.2", "+app@10.0.0.3", "+app@10.0.0.2:9100");

            source.answer.set(Set.of());
            awaitPolls(source);
            assertThat(recorder.calls).contains("-app@10.0.0.2", "-app@10.0.0.3");
            assertThat(poller.members()).isEmpty();
        } finally {
            poller.stop();
        }
    }

    @Test
    void aFailingSourceShouldKeepItsMembersAndBeLoggedOncePerStateChange(CapturedOutput output) {
        Source source = new Source();
        Recorder recorder = new Recorder();
        source.answer.set(Set.of(member("10.0.0.2")));
        DiscoveryPoller poller = poller(source, recorder, 100);
        poller.start();
        try {
            awaitPolls(source);
            source.answer.set(new DiscoveryException("A app.test: timed out"));
            awaitPolls(source);
            awaitPolls(source);
            assertThat(poller.members()).containsExactly(NodeName.parse("app@10.0.0.2"));
            assertThat(recorder.calls).containsExactly("+app@10.0.0.2");

            source.answer.set(Set.of(member("10.0.0.2")));
            awaitPolls(source);
            assertThat(count(output, "discovery test fails: A app.test: timed out"))
                    .isEqualTo(1);
            assertThat(count(output, "discovery test answers again")).isEqualTo(1);
        } finally {
            poller.stop();
        }
    }

    @Test
    void moreMembersThanTheBoundShouldBeCutInNameOrderWithOneWarning(CapturedOutput output) {
        Source source = new Source();
        Recorder recorder = new Recorder();
        source.answer.set(
                IntStream.rangeClosed(2, 9).mapToObj(i -> member("10.0.0." + i)).collect(Collectors.toSet()));
        DiscoveryPoller poller = poller(source, recorder, 3);
        poller.start();
        try {
            awaitPolls(source);
            awaitPolls(source);
            assertThat(poller.members())
                    .extracting(NodeName::toString)
                    .containsExactlyInAnyOrder("app@10.0.0.2", "app@10.0.0.3", "app@10.0.0.4");
            assertThat(count(output, "more than the 3 taken per poll")).isEqualTo(1);
        } finally {
            poller.stop();
        }
    }

    @Test
    void theStaticListShouldBeAskedOnceOnTheCallingThreadAndNotKeptConnected() {
        Recorder recorder = new Recorder();
        DiscoveryPoller poller = new DiscoveryPoller(
                List.of(new StaticDiscovery(List.of(NodeName.parse("app@10.0.0.2"), SELF))),
                SELF,
                Duration.ofMillis(20),
                100,
                recorder);
        poller.start();
        try {
            assertThat(recorder.calls).containsExactly("+app@10.0.0.2");
            assertThat(recorder.keepConnected).containsExactly(false);
            assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(thread -> thread.getName().equals("nodemesh-discovery"));
        } finally {
            poller.stop();
        }
    }

    private static long count(CapturedOutput output, String text) {
        return output.getAll().lines().filter(line -> line.contains(text)).count();
    }
}
