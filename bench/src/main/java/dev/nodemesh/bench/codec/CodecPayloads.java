package dev.nodemesh.bench.codec;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Float64;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import java.util.Random;

/** The terms both codec benchmarks (nodemesh and JInterface) encode and decode. */
public enum CodecPayloads {

    /** {@code {:send, pid, :atom, "binary", 42}}: the shape of a typical small message. */
    SMALL {
        @Override
        public Term term() {
            Pid pid = new Pid(Atom.of("chip@localhost"), 42, 0, 1_700_000_000);
            return Tuple.of(Atom.of("send"), pid, Atom.of("atom"), Binary.of("binary"), Int.of(42));
        }
    },

    /** A map of 44 atom keys to small integers, floats and short strings: about 1 KB encoded. */
    MAP_1K {
        @Override
        public Term term() {
            TermMap.Builder map = TermMap.builder(44);
            for (int i = 0; i < 44; i++) {
                String key = String.format("field_%02d", i);
                Term value =
                        switch (i % 3) {
                            case 0 -> Int.of(i * 1000L);
                            case 1 -> Binary.of("value-" + i);
                            default -> Float64.of(i + 0.25);
                        };
                map.put(key, value);
            }
            return map.build();
        }
    },

    /** A 64 KiB binary of random bytes. */
    BINARY_64K {
        @Override
        public Term term() {
            byte[] bytes = new byte[64 * 1024];
            new Random(42).nextBytes(bytes);
            return Binary.wrap(bytes);
        }
    };

    /**
     * Builds the payload.
     *
     * @return a fresh term
     */
    public abstract Term term();
}
