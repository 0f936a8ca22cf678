package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release's distribution archive (mvn -P release verify builds it; other builds skip this test):
 * unpacked, its bin/gradus runs the examples with nothing but a JDK, and the zip holds the same files.
 */
class DistributionIT {

    private static Path archive(String extension) throws Exception {
        Path target = CliEndToEndIT.JAR.getParent();
        try (var files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("gradus-cli-.*-dist\\." + extension)).findFirst().orElse(null);
        }
    }

    @Test
    void theUnpackedDistributionChecksAndTrainsAnExample(@TempDir Path tmp) throws Exception {
        Path tar = archive("tar\\.gz");
        Assumptions.assumeTrue(tar != null, "no distribution archive: it is built with -P release");
        Process untar = new ProcessBuilder("tar", "xzf", tar.toString(), "-C", tmp.toString()).inheritIO().start();
        assertThat(untar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(untar.exitValue()).isZero();
        Path home;
        try (var dirs = Files.list(tmp)) {
            home = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertThat(home.getFileName().toString()).startsWith("gradus-");
        for (String f : List.of("bin/gradus", "bin/gradus.cmd", "lib/gradus.jar", "README.md", "CHANGELOG.md", "LICENSE",
                "examples/scalar.net", "docs/CLI.md", "completion/gradus")) {
            assertThat(home.resolve(f)).as(f).isRegularFile();
        }
        assertThat(Files.isExecutable(home.resolve("bin/gradus"))).isTrue();

        // Only a JDK: java found through JAVA_HOME, a PATH with nothing of this build on it.
        Path run = Files.createDirectories(tmp.resolve("elsewhere"));
        String out = gradus(home, run, "check", home.resolve("examples/scalar.net").toString());
        assertThat(out).isEqualTo(home.resolve("examples/scalar.net") + ": ok (Scalar)\n");
        Path checkInHome = home;
        String relative = gradus(checkInHome, checkInHome, "check", "examples/scalar.net");
        assertThat(relative).isEqualTo("examples/scalar.net: ok (Scalar)\n");

        Path zip = archive("zip");
        assertThat(zip).as("the zip beside the tar.gz").isNotNull();
        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            z.stream().filter(e -> !e.isDirectory()).forEach(e -> names.add(e.getName()));
        }
        assertThat(names).contains(home.getFileName() + "/bin/gradus", home.getFileName() + "/lib/gradus.jar",
                home.getFileName() + "/examples/scalar.net");
    }

    private static String gradus(Path home, Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/gradus").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("GRADUS_CACHE_DIR", dir.resolve(".cache").toString());
        Path out = Files.createTempFile("dist", ".out");
        Path err = Files.createTempFile("dist", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String stderr = Files.readString(err);
        assertThat(p.exitValue()).as(stderr).isZero();
        assertThat(stderr).isEmpty();
        return Files.readString(out);
    }
}
