package dev.nodemesh.term;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Helpers for the interop tests: reading the few External Term Format shapes they need (pids,
 * references, ports, funs) from {@code term_to_binary} output, without depending on the codec,
 * and the float sample both runtimes print.
 */
final class RuntimeTerms {

    private RuntimeTerms() {}

    static String decode64(String text) {
        return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    }

    static String encode64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a pid, reference, port or fun from {@code term_to_binary} bytes (version 131 first). */
    static Term fromExternalFormat(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if ((in.get() & 0xff) != 131) {
            throw new IllegalArgumentException("no version byte");
        }
        int tag = in.get() & 0xff;
        switch (tag) {
            case 88: {
                Atom node = atom(in);
                return new Pid(node, in.getInt(), in.getInt(), in.getInt());
            }
            case 90: {
                int count = in.getShort() & 0xffff;
                Atom node = atom(in);
                int creation = in.getInt();
                int[] ids = new int[count];
                for (int i = 0; i < count; i++) {
                    ids[i] = in.getInt();
                }
                return Ref.of(node, creation, ids);
            }
            case 89: {
                Atom node = atom(in);
                long id = in.getInt() & 0xffff_ffffL;
                return new Port(node, id, in.getInt());
            }
            case 120: {
                Atom node = atom(in);
                long id = in.getLong();
                return new Port(node, id, in.getInt());
            }
            case 113: {
                Atom module = atom(in);
                Atom function = atom(in);
                return new ExternalFun(module, function, (int) integer(in));
            }
            case 112: {
                in.getInt(); // size
                int arity = in.get() & 0xff;
                in.position(in.position() + 16 + 4 + 4); // uniq, index, free count
                Atom module = atom(in);
                long oldIndex = integer(in);
                long oldUniq = integer(in);
                byte[] encoded = new byte[bytes.length - 1];
                System.arraycopy(bytes, 1, encoded, 0, encoded.length);
                return Fun.of(encoded, module, arity, oldIndex, oldUniq);
            }
            default:
                throw new IllegalArgumentException("unexpected tag " + tag);
        }
    }

    private static Atom atom(ByteBuffer in) {
        int tag = in.get() & 0xff;
        int length = tag == 119 || tag == 115 ? in.get() & 0xff : in.getShort() & 0xffff;
        byte[] name = new byte[length];
        in.get(name);
        return Atom.of(
                new String(name, tag == 100 || tag == 115 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
    }

    private static long integer(ByteBuffer in) {
        int tag = in.get() & 0xff;
        return switch (tag) {
            case 97 -> in.get() & 0xff;
            case 98 -> in.getInt();
            default -> throw new IllegalArgumentException("unexpected integer tag " + tag);
        };
    }

    /** Doubles both runtimes print: random bit patterns and the edges of fixed and scientific notation. */
    static List<Double> floatSample() {
        List<Double> values = new ArrayList<>();
        Random random = new Random(20230317);
        while (values.size() < 1500) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(d)) {
                values.add(d);
            }
        }
        for (int e = -25; e <= 25; e++) {
            for (double m : new double[] {1, 1.5, 2, 9, 12345, 123456789, 3.3333, 7.25}) {
                double d = m * Math.pow(10, e);
                values.add(d);
                values.add(-d);
            }
        }
        for (int k = 48; k <= 58; k++) {
            double p = Math.scalb(1.0, k);
            values.add(p);
            values.add(Math.nextUp(p));
            values.add(Math.nextDown(p));
        }
        for (long i = 9007199254740980L; i < 9007199254741000L; i++) {
            values.add((double) i);
        }
        for (double d : new double[] {
            0.0,
            -0.0,
            Double.MIN_VALUE,
            -Double.MIN_VALUE,
            Double.MIN_NORMAL,
            Double.MAX_VALUE,
            1e16 - 2,
            1e16,
            1e16 + 2,
            1e15,
            1e-4,
            1e-5,
            1.5e-4,
            0.1,
            0.2,
            0.3,
            0.1 + 0.2,
            2.5,
            5e-324,
            1e23,
            9.999999999999999e22
        }) {
            values.add(d);
        }
        for (int i = 1; i < 60; i++) {
            values.add(i * 0.1);
            values.add(i * 1e-5);
        }
        return values;
    }
}
