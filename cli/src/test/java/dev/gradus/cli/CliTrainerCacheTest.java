package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged gradus keeps compiled trainers in the cache its environment names, and reuses them. */
class CliTrainerCacheTest {

    private static String train(Path cache, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", CliEndToEndTest.JAR.toString(), "train", "examples/scalar.net", "--quiet", "--log", log.toString())
                .directory(CliEndToEndTest.ROOT.toFile()).redirectErrorStream(true);
        pb.environment().put("CI", "true");
        pb.environment().put("GRADUS_CACHE_DIR", cache.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return Files.readString(log);
    }

    private static List<Path> entries(Path cache) throws IOException {
        try (Stream<Path> s = Files.list(cache.resolve("trainers"))) {
            return s.toList();
        }
    }

    @Test
    void aSecondTrainReusesTheCompiledTrainer(@TempDir Path tmp) throws Exception {
        Path cache = tmp.resolve("cache");
        String first = train(cache, tmp.resolve("1.csv"));
        List<Path> entries = entries(cache);
        assertThat(entries).hasSize(1);
        Path entry = entries.get(0);
        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(entry, written);
        String second = train(cache, tmp.resolve("2.csv"));
        assertThat(second).isEqualTo(first);
        assertThat(entries(cache)).containsExactly(entry);
        assertThat(Files.getLastModifiedTime(entry)).as("the entry was read, not written again").isEqualTo(written);
        Files.writeString(entry, "not a zip");
        assertThat(train(cache, tmp.resolve("3.csv"))).as("a damaged entry is rebuilt").isEqualTo(first);
        assertThat(Files.size(entry)).isGreaterThan(100);
    }
}
