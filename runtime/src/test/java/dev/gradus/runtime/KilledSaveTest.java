package dev.gradus.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed (SIGKILL) while it saves leaves the old or the new complete file, never a mix;
 * the temporary file it leaves is removed by the next save.
 */
class KilledSaveTest {
    /**
     * Whether this JVM ignores SIGINT, as a background job of a non-interactive shell does (`mvn verify &`): its
     * children inherit that, so a SIGINT round would only wait out its timeout (40 s of the suite in such a run).
     */
    private static final boolean SIGINT_IGNORED = sigintIgnored();

    @TempDir
    Path dir;

    private static boolean sigintIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << (2 - 1))) != 0;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no /proc (not Linux): SIGINT is tried, and a JVM that ignores it is killed after the timeout below
        }
        return false;
    }

    @Test
    void aKillDuringSaveLeavesACompleteFileAndTheNextSaveTidiesUp() throws Exception {
        Path target = dir.resolve("p.safetensors");
        Random rng = new Random();
        for (int round = 0; round < 3; round++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), SaveLoop.class.getName(), target.toString()).redirectErrorStream(true).start();
            for (int wait = 0; wait < 600 && !Files.exists(target); wait++) {
                Thread.sleep(50);
            }
            assertThat(target).exists();
            Thread.sleep(rng.nextInt(300));
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Map<String, Safetensors.Entry> read = Safetensors.read(target);
            double[] w = read.get("w").values();
            assertThat(w).hasSize(500_000);
            double first = w[0];
            assertThat(Arrays.stream(w).allMatch(v -> v == first)).as("one save's values, not a mix").isTrue();
        }
        Safetensors.write(target, Map.of("w", new int[] {1}), Map.of("w", new double[] {7}), true);
        try (var s = Files.list(dir)) {
            List<String> names = s.map(f -> f.getFileName().toString()).toList();
            assertThat(names).containsExactly("p.safetensors");
        }
    }

    /**
     * Issue 25: SIGTERM and SIGINT (which run the shutdown hooks) during a save leave no temporary
     * file, even without a next save: killed repeatedly, at random moments of the save loop.
     */
    @Test
    void sigtermAndSigintDuringSaveLeaveNoTemporaryFile() throws Exception {
        Path target = dir.resolve("t.safetensors");
        Random rng = new Random(25);
        for (int round = 0; round < 8; round++) {
            Files.deleteIfExists(target); // so that the first save is seen to have happened
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), SaveLoop.class.getName(), target.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int wait = 0; wait < 600 && !Files.exists(target); wait++) {
                Thread.sleep(20);
            }
            Thread.sleep(rng.nextInt(150));
            boolean term = round % 2 == 0 || SIGINT_IGNORED;
            if (term) {
                p.destroy(); // SIGTERM
            } else {
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) { // a JVM started with SIGINT ignored keeps it ignored
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                Files.list(dir).filter(f -> f.getFileName().toString().endsWith(".gradus-tmp")).forEach(f -> f.toFile().delete());
                continue;
            }
            try (var s = Files.list(dir)) {
                assertThat(s.map(f -> f.getFileName().toString()).toList()).as("files after %s in round %d", term ? "SIGTERM" : "SIGINT", round)
                        .containsExactly("t.safetensors");
            }
        }
    }
}
