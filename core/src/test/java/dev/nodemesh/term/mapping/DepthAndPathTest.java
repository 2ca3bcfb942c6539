package dev.nodemesh.term.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Depth bounds, cycles, long paths, caching and concurrent first use. */
class DepthAndPathTest {

    private final TermMapper mapper = TermMapper.standard();

    record Link(String name, List<Object> next) {}

    @Test
    void cyclicListFailsWithClearMessageInsteadOfOverflowing() {
        List<Object> list = new ArrayList<>();
        list.add(list);
        assertThatThrownBy(() -> mapper.toTerm(list))
                .isInstanceOf(TermMappingException.class)
                .hasMessageEndingWith(": nested deeper than 512 levels; is there a cycle in the object graph?")
                .hasMessageStartingWith("[0][0][0]")
                .satisfies(e -> {
                    TermMappingException mapping = (TermMappingException) e;
                    assertThat(mapping.path()).isEqualTo("[0]".repeat(512));
                    assertThat(mapping.getMessage()).hasSizeLessThan(300).contains("...");
                });
    }

    @Test
    void cyclicMapThroughRecordFailsWithClearMessage() {
        Map<String, Object> map = new HashMap<>();
        List<Object> next = new ArrayList<>();
        map.put("link", new Link("a", next));
        next.add(map);
        assertThatThrownBy(() -> mapper.toTerm(map))
                .hasMessageStartingWith("[\"link\"].next[0][\"link\"].next[0]")
                .hasMessageEndingWith("is there a cycle in the object graph?");
    }

    @Test
    void termNestedDeeperThanTheLimitFailsWhenDecoding() {
        Term deep = Int.of(1);
        for (int i = 0; i < 600; i++) {
            deep = TermList.of(deep);
        }
        Term term = deep;
        assertThatThrownBy(() -> mapper.fromTerm(term, Object.class))
                .isInstanceOf(TermMappingException.class)
                .hasMessageEndingWith(": nested deeper than 512 levels");
    }

    @Test
    void maxDepthIsConfigurable() {
        TermMapper shallow = TermMapper.builder().maxDepth(3).build();
        Term three = TermList.of(TermList.of(TermList.of(Int.of(1))));
        assertThat(shallow.fromTerm(three, Object.class)).isEqualTo(List.of(List.of(List.of(1L))));
        assertThat(shallow.toTerm(List.of(List.of(List.of(1))))).isEqualTo(three);
        assertThatThrownBy(() -> shallow.fromTerm(TermList.of(three), Object.class))
                .hasMessage("[0][0][0]: nested deeper than 3 levels");
        assertThatThrownBy(() -> shallow.toTerm(List.of(List.of(List.of(List.of(1))))))
                .hasMessage("[0][0][0]: nested deeper than 3 levels; is there a cycle in the object graph?");
    }

    @Test
    void maxDepthMustBePositive() {
        assertThatThrownBy(() -> TermMapper.builder().maxDepth(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxDepth must be at least 1, got 0");
    }

    @Test
    void decoderForATypeIsBuiltOnceAndShared() {
        TermMapper fresh = TermMapper.builder().build();
        java.lang.reflect.Type type = new GenericType<List<RecordMappingTest.Greeting>>() {}.type();
        Decoder first = fresh.decoderFor(type, Cursor.decoding(8));
        Decoder again =
                fresh.decoderFor(new GenericType<List<RecordMappingTest.Greeting>>() {}.type(), Cursor.decoding(8));
        assertThat(again).isSameAs(first);
    }

    @Test
    void exceptionWithoutPathHasTheReasonAsMessage() {
        TermMappingException e = new TermMappingException("expected widget, got 1");
        assertThat(e.path()).isEmpty();
        assertThat(e.reason()).isEqualTo("expected widget, got 1");
        assertThat(e.getMessage()).isEqualTo("expected widget, got 1");
    }

    @Test
    void expectedFactoryRendersTheTerm() {
        assertThat(TermMappingException.expected("widget", Int.of(42)).getMessage())
                .isEqualTo("expected widget, got 42");
    }

    @Test
    void concurrentFirstUseOfATypeIsSafe() throws Exception {
        record Fresh(String text, List<Integer> numbers) {}
        TermMapper fresh = TermMapper.builder().build();
        Term term = TermMapper.standard().toTerm(new Fresh("x", List.of(1, 2)));
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Object> task = () -> {
                    start.await();
                    fresh.toTerm(new Fresh("y", List.of(3)));
                    return fresh.fromTerm(term, Fresh.class);
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Object> result : results) {
                assertThat(result.get()).isEqualTo(new Fresh("x", List.of(1, 2)));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
