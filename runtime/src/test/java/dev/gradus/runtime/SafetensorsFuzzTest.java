package dev.gradus.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random corruptions of valid safetensors files: each must end in a {@link DataException} naming
 * the file or in exactly the entries {@link SafetensorsOracle} (the reference rules over Jackson)
 * finds; never another exception, never a wrong value. Brief in {@code mvn verify};
 * {@code -Dgradus.fuzz.iterations=100000} runs longer, {@code -Dgradus.fuzz.seed=N} repeats a run.
 */
class SafetensorsFuzzTest {
    @TempDir
    Path dir;

    @Test
    void corruptedFilesAreRefusedOrReadExactly() throws IOException {
        long seed = CsvFuzzTest.SEED;
        Random rng = new Random(seed);
        Path f = dir.resolve("fuzz.safetensors");
        int accepted = 0;
        byte[][] bases = new byte[40][]; // written once: every save is forced to disk, which is slow
        for (int i = 0; i < bases.length; i++) {
            bases[i] = valid(rng, f);
        }
        for (int it = 0; it < CsvFuzzTest.ITERATIONS; it++) {
            byte[] bytes = mutate(bases[rng.nextInt(bases.length)], rng);
            Files.write(f, bytes);
            Map<String, Safetensors.Entry> want = SafetensorsOracle.read(bytes);
            String context = "seed " + seed + ", iteration " + it + ", file:\n" + CsvFuzzTest.show(bytes);
            Map<String, Safetensors.Entry> got;
            try {
                got = Safetensors.read(f);
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
            assertThat(got.keySet()).as(context).containsExactlyElementsOf(want.keySet());
            for (String k : want.keySet()) {
                assertThat(got.get(k).dtype()).as(context).isEqualTo(want.get(k).dtype());
                assertThat(got.get(k).shape()).as(context).containsExactly(want.get(k).shape());
                assertThat(Arrays.stream(got.get(k).values()).mapToLong(Double::doubleToRawLongBits).toArray()).as(context)
                        .containsExactly(Arrays.stream(want.get(k).values()).mapToLong(Double::doubleToRawLongBits).toArray());
            }
        }
        assertThat(accepted).as("some mutants stay valid, so both outcomes are exercised").isPositive();
    }

    /** A valid file: one to three tensors written by {@link Safetensors#write}, or by hand with metadata and an I8 tensor. */
    private static byte[] valid(Random rng, Path scratch) throws IOException {
        if (rng.nextInt(4) == 0) {
            String header = "{\"__metadata__\":{\"format\":\"pt\"},\"q\":{\"dtype\":\"I8\",\"shape\":[3],\"data_offsets\":[8,11]},"
                    + "\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
            byte[] h = header.getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(8 + h.length + 11).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(h.length).put(h).putDouble(rng.nextGaussian()).put((byte) 1).put((byte) 2).put((byte) 3);
            return b.array();
        }
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Map<String, double[]> values = new LinkedHashMap<>();
        int tensors = 1 + rng.nextInt(3);
        for (int t = 0; t < tensors; t++) {
            int[] shape = switch (rng.nextInt(3)) {
                case 0 -> new int[0];
                case 1 -> new int[] {1 + rng.nextInt(4)};
                default -> new int[] {1 + rng.nextInt(3), 1 + rng.nextInt(3)};
            };
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = rng.nextGaussian();
            }
            shapes.put("t" + t, shape);
            values.put("t" + t, v);
        }
        Safetensors.write(scratch, shapes, values, rng.nextBoolean());
        return Files.readAllBytes(scratch);
    }

    /** Byte edits (CsvFuzzTest's), or a change of the header length, or a digit of the header changed. */
    private static byte[] mutate(byte[] in, Random rng) {
        switch (rng.nextInt(4)) {
            case 0 -> {
                byte[] b = in.clone();
                ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                buf.putLong(0, buf.getLong(0) + rng.nextInt(7) - 3);
                return b;
            }
            case 1 -> {
                byte[] b = in.clone();
                int n = (int) ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
                for (int tries = 0; tries < 20; tries++) {
                    int at = 8 + rng.nextInt(Math.max(1, Math.min(n, b.length - 8)));
                    if (at < b.length && b[at] >= '0' && b[at] <= '9') {
                        b[at] = (byte) ('0' + rng.nextInt(10));
                        break;
                    }
                }
                return b;
            }
            default -> {
                return CsvFuzzTest.mutate(in, rng);
            }
        }
    }
}
