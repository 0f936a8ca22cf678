package dev.gradus.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CSV reader streams: a file whose text is far larger than its numbers is read under a heap
 * the old whole-text reader could not use, and data that cannot fit ends in a clear error naming
 * the file and the heap, never an OutOfMemoryError.
 */
class CsvMemoryTest {
    private static final int ROWS = 50_000;

    @TempDir
    static Path dir;

    /** 50,000 rows of five 40-character numbers: 10 MB of text, 2 MB of numbers. The old reader needed over 16 MB of heap. */
    private static Path bigCsv() throws IOException {
        Path f = dir.resolve("big.csv");
        if (Files.exists(f)) {
            return f;
        }
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("x[0],x[1],x[2],x[3],y\n");
            for (int r = 0; r < ROWS; r++) {
                for (int k = 0; k < 5; k++) {
                    w.write(String.format(Locale.ROOT, "%s0.%038d", k > 0 ? "," : "", (r * 5L + k) % 1000));
                }
                w.write('\n');
            }
        }
        return f;
    }

    private record Result(int status, String out) {}

    private static Result probe(String heap, Path csv) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), CsvProbe.class.getName(), csv.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void aFileLargerThanTheHeapIsReadWhenItsNumbersFit() throws Exception {
        Result r = probe("14m", bigCsv());
        assertThat(r.status()).as(r.out()).isZero();
        assertThat(r.out()).startsWith(ROWS + " ");
    }

    @Test
    void dataThatCannotFitIsAClearError() throws Exception {
        Path csv = bigCsv();
        Result r = probe("6m", csv);
        assertThat(r.status()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).startsWith(csv + ":").contains("the data does not fit in memory").contains("maximum heap is")
                .doesNotContain("OutOfMemoryError");
    }
}
