package dev.gradus.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random corruptions of valid CSV files: each must end in a {@link DataException} naming the file
 * or in exactly the values {@link CsvOracle} computes; never another exception, never a wrong
 * value. Brief in {@code mvn verify}; {@code -Dgradus.fuzz.iterations=100000} runs longer, and
 * {@code -Dgradus.fuzz.seed=N} repeats a run.
 */
class CsvFuzzTest {
    static final int ITERATIONS = Integer.getInteger("gradus.fuzz.iterations", 500);
    static final long SEED = Long.getLong("gradus.fuzz.seed", System.nanoTime());
    private static final List<TensorSpec> FIELDS = List.of(new TensorSpec("x", 2), new TensorSpec("label", new int[0], 3));
    private static final byte[] INTERESTING = ",\n\r\"\".e-+0123456789 \t\0NIaf".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[][] SNIPPETS = {"NaN".getBytes(StandardCharsets.UTF_8), "Infinity".getBytes(StandardCharsets.UTF_8),
        "1e400".getBytes(StandardCharsets.UTF_8), "0x1p3".getBytes(StandardCharsets.UTF_8), "1f".getBytes(StandardCharsets.UTF_8),
        "\r\n".getBytes(StandardCharsets.UTF_8), "\"\"".getBytes(StandardCharsets.UTF_8), "x[0]".getBytes(StandardCharsets.UTF_8),
        "label".getBytes(StandardCharsets.UTF_8), {(byte) 0xC3, (byte) 0xA9}, {(byte) 0xE9}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xFF, (byte) 0xFE},
        "1.5".getBytes(StandardCharsets.UTF_8), "-0".getBytes(StandardCharsets.UTF_8), "2e-3".getBytes(StandardCharsets.UTF_8)};

    @TempDir
    Path dir;

    @Test
    void corruptedFilesAreRefusedOrReadExactly() throws IOException {
        Random rng = new Random(SEED);
        Path f = dir.resolve("fuzz.csv");
        int accepted = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            byte[] bytes = mutate(valid(rng), rng);
            Files.write(f, bytes);
            double[][] want = CsvOracle.read(bytes, FIELDS);
            String context = "seed " + SEED + ", iteration " + it + ", file:\n" + show(bytes);
            DataSet got;
            try {
                got = Csv.read(f, FIELDS);
            } catch (DataException e) {
                assertThat(e.getMessage()).as(context).startsWith(f.toString());
                if (want != null) {
                    fail("refused a valid file: " + e.getMessage() + "\n" + context);
                }
                continue;
            } catch (RuntimeException | Error e) {
                throw new AssertionError("an exception escaped: " + e + "\n" + context, e);
            }
            if (want == null) {
                fail("accepted a file the rules refuse\n" + context);
            }
            accepted++;
            for (int field = 0; field < FIELDS.size(); field++) {
                double[] flat = Arrays.stream(got.rows(FIELDS.get(field).name())).flatMapToDouble(Arrays::stream).toArray();
                assertThat(Arrays.stream(flat).mapToLong(Double::doubleToRawLongBits).toArray()).as(context)
                        .containsExactly(Arrays.stream(want[field]).mapToLong(Double::doubleToRawLongBits).toArray());
            }
        }
        assertThat(accepted).as("some mutants stay valid, so both outcomes are exercised").isPositive();
    }

    /** A valid file: the model's columns and an id in random order, random numbers, quoting and line ends. */
    static byte[] valid(Random rng) {
        List<String> cols = new ArrayList<>(List.of("x[0]", "x[1]", "label", "id"));
        Collections.shuffle(cols, rng);
        String eol = rng.nextInt(4) == 0 ? "\r\n" : "\n";
        StringBuilder s = new StringBuilder(String.join(",", cols)).append(eol);
        int rows = 1 + rng.nextInt(5);
        for (int r = 0; r < rows; r++) {
            List<String> cells = new ArrayList<>();
            for (String c : cols) {
                String v = switch (c) {
                    case "label" -> String.valueOf(rng.nextInt(3));
                    case "id" -> "r" + r;
                    default -> number(rng);
                };
                cells.add(rng.nextInt(6) == 0 ? "\"" + v + "\"" : v);
            }
            s.append(String.join(",", cells)).append(r < rows - 1 || rng.nextBoolean() ? eol : "");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String number(Random rng) {
        return switch (rng.nextInt(4)) {
            case 0 -> String.valueOf(rng.nextInt(100) - 50);
            case 1 -> String.valueOf(rng.nextGaussian());
            case 2 -> String.format(java.util.Locale.ROOT, "%.3e", rng.nextGaussian() * 1e5);
            default -> "." + rng.nextInt(1000);
        };
    }

    /** One to three random edits: a byte replaced, inserted or deleted, a snippet inserted, a piece repeated, a cut. */
    static byte[] mutate(byte[] in, Random rng) {
        byte[] b = in;
        int edits = 1 + rng.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = b.length == 0 ? 0 : rng.nextInt(b.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (rng.nextInt(6)) {
                case 0 -> {
                    if (b.length == 0) {
                        continue;
                    }
                    b = b.clone();
                    b[at] = rng.nextBoolean() ? INTERESTING[rng.nextInt(INTERESTING.length)] : (byte) rng.nextInt(256);
                    continue;
                }
                case 1 -> {
                    out.write(b, 0, at);
                    out.write(INTERESTING[rng.nextInt(INTERESTING.length)]);
                    out.write(b, at, b.length - at);
                }
                case 2 -> {
                    if (b.length == 0) {
                        continue;
                    }
                    out.write(b, 0, at);
                    out.write(b, at + 1, b.length - at - 1);
                }
                case 3 -> {
                    out.write(b, 0, at);
                    out.writeBytes(SNIPPETS[rng.nextInt(SNIPPETS.length)]);
                    out.write(b, at, b.length - at);
                }
                case 4 -> {
                    int len = b.length - at == 0 ? 0 : 1 + rng.nextInt(Math.min(20, b.length - at));
                    out.write(b, 0, at + len);
                    out.write(b, at, b.length - at);
                }
                default -> out.write(b, 0, at);
            }
            b = out.toByteArray();
        }
        return b;
    }

    static String show(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xFF;
            s.append(c >= 0x20 && c < 0x7F || c == '\n' ? String.valueOf((char) c) : String.format("\\x%02X", c));
        }
        return s.toString();
    }
}
