package dev.nodemesh.term.etf;

import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The golden corpus: {@code term_to_binary} bytes from real OTP, written by {@code
 * src/test/resources/etf/generate-corpus.escript} (which documents the format and how to
 * regenerate it).
 */
final class GoldenCorpus {

    static final String RESOURCE = "/etf/corpus.txt";
    static final Path SCRIPT = Path.of("src/test/resources/etf/generate-corpus.escript");

    private GoldenCorpus() {}

    /**
     * One line of the corpus.
     *
     * @param label the entry's name
     * @param encode whether re-encoding must reproduce {@code bytes} (else decode-only)
     * @param stable whether the entry is the same on every run
     * @param bytes the bytes under test
     * @param canonical {@code term_to_binary(T, [{minor_version, 2}])} for decode-only entries, else
     *     null
     * @param text the term as Erlang's {@code ~w} prints it
     */
    record Entry(String label, boolean encode, boolean stable, byte[] bytes, byte[] canonical, String text) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Map<String, Entry> load() {
        try (InputStream in = GoldenCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the test classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Entry> parse(String text) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t", 6);
            if (fields.length != 6) {
                throw new IllegalStateException("corpus line has " + fields.length + " fields, expected 6: " + line);
            }
            Entry entry = new Entry(
                    fields[0],
                    fields[1].equals("encode"),
                    fields[2].equals("stable"),
                    ByteBufUtil.decodeHexDump(fields[3]),
                    fields[4].equals("-") ? null : ByteBufUtil.decodeHexDump(fields[4]),
                    fields[5]);
            if (entries.put(entry.label(), entry) != null) {
                throw new IllegalStateException("corpus has the label " + entry.label() + " twice");
            }
        }
        return entries;
    }

    static List<Entry> all() {
        return new ArrayList<>(load().values());
    }
}
