package dev.nodemesh.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.Down;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import java.lang.reflect.RecordComponent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;

/**
 * Spring's AOT engine, run on a context with a {@code @NodeProcess} bean, registers what a native
 * image needs: each {@code @OnMessage} method for invocation, and the records its messages and
 * replies map to (canonical constructors and accessors, nested records and enums included).
 */
class OnMessageAotHintsTest {

    enum Currency {
        EUR,
        USD
    }

    record Deposit(String account, long amount, Currency currency) {}

    record Entry(String account, long amount) {}

    record Receipt(String id, List<Entry> entries) {}

    record NeverMapped(String value) {}

    @NodeProcess("ledger")
    static class Ledger {
        @OnMessage
        Receipt deposit(Deposit deposit, Pid caller) {
            return new Receipt("r1", List.of(new Entry(deposit.account(), deposit.amount())));
        }

        @OnMessage
        void tagged(Atom tag) {}

        @OnMessage
        void down(Down down) {}

        @OnMessage
        void anything(Term message) {}

        NeverMapped notAHandler(NeverMapped value) {
            return value;
        }
    }

    @Test
    void aotProcessingShouldRegisterTheHandlersAndTheRecordsTheyMap() throws Exception {
        RuntimeHints hints = processAheadOfTime(Ledger.class);

        for (String handler : List.of("deposit", "tagged", "down", "anything")) {
            assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Ledger.class, handler))
                    .as("invocation of @OnMessage " + handler)
                    .accepts(hints);
        }
        for (Class<?> record : List.of(Deposit.class, Receipt.class, Entry.class)) {
            assertThat(RuntimeHintsPredicates.reflection()
                            .onConstructorInvocation(record.getDeclaredConstructor(canonicalParameters(record))))
                    .as("canonical constructor of " + record.getSimpleName())
                    .accepts(hints);
            for (RecordComponent component : record.getRecordComponents()) {
                assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(component.getAccessor()))
                        .as("accessor " + record.getSimpleName() + "." + component.getName())
                        .accepts(hints);
            }
        }
        assertThat(RuntimeHintsPredicates.reflection().onType(Currency.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Ledger.class, "notAHandler"))
                .rejects(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(NeverMapped.class))
                .rejects(hints);
    }

    private static RuntimeHints processAheadOfTime(Class<?> beanClass) {
        GenericApplicationContext context = new GenericApplicationContext();
        context.registerBean(beanClass);
        DefaultGenerationContext generation = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get(OnMessageAotHintsTest.class)), new InMemoryGeneratedFiles());
        new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
        return generation.getRuntimeHints();
    }

    private static Class<?>[] canonicalParameters(Class<?> record) {
        RecordComponent[] components = record.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        return types;
    }
}
