package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./gradus} launcher, copied into a scratch repository and run through a symbolic link,
 * with a stand-in {@code mvn} on the PATH (the real build is what the rest of this module tests):
 * the first run says what it builds and nothing else; a failed build shows Maven's log without
 * escape codes and exits 1; a fresh jar runs without building; Java's errors are all written before
 * the launcher exits; the class-data cache keeps one archive per jar; the JIT hint prints nothing.
 */
class LauncherIT {

    record Run(int status, String out, String err) {}

    private static Path repository(Path tmp, String fakeMaven) throws Exception {
        Path repo = tmp.resolve("repo");
        for (String module : List.of("grammar", "runtime", "compiler", "cli")) {
            Files.createDirectories(repo.resolve(module));
        }
        Files.writeString(repo.resolve("pom.xml"), "<project/>\n");
        Files.copy(CliEndToEndIT.ROOT.resolve("gradus"), repo.resolve("gradus"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.writeString(bin.resolve("mvn"), "#!/usr/bin/env bash\n" + fakeMaven);
        Files.setPosixFilePermissions(bin.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path links = Files.createDirectories(tmp.resolve("links"));
        Files.createSymbolicLink(links.resolve("gradus"), repo.resolve("gradus"));
        return repo;
    }

    private static Run launch(Path tmp, String... args) throws Exception {
        return launch(tmp, java.util.Map.of(), args);
    }

    private static Run launch(Path tmp, java.util.Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", tmp.resolve("links/gradus").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        pb.environment().put("PATH", tmp.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("REAL_JAR", CliEndToEndIT.JAR.toString());
        pb.environment().put("GRADUS_CACHE_DIR", tmp.resolve("cache").toString()); // not the user's cache
        pb.environment().putAll(env);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theFirstRunThroughALinkBuildsQuietlyAndSaysWhat(@TempDir Path tmp) throws Exception {
        Path repo = repository(tmp, """
                printf '\\033[0m\\033[0m'; echo "args: $*" > "$PWD/mvn-args.txt"
                mkdir -p cli/target && cp "$REAL_JAR" cli/target/gradus.jar
                """);
        Run first = launch(tmp, "--version");
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.err()).isEqualTo("gradus: building cli/target/gradus.jar from grammar, runtime, compiler and cli"
                + " (mvn package, tests skipped)...\n");
        assertThat(first.out()).startsWith("gradus ").doesNotContain("\033");
        // Maven ran in the repository the link points to, packaging (not installing) the command line.
        assertThat(Files.readString(repo.resolve("mvn-args.txt"))).contains("-pl cli -am package").doesNotContain("install");
        Files.delete(repo.resolve("mvn-args.txt"));
        Run second = launch(tmp, "--version");
        assertThat(second.status()).isZero();
        assertThat(second.err()).isEmpty();
        assertThat(repo.resolve("mvn-args.txt")).doesNotExist();
    }

    @Test
    void aFailedBuildShowsMavensLogWithoutEscapeCodes(@TempDir Path tmp) throws Exception {
        repository(tmp, "printf '\\033[1;31m[ERROR]\\033[0m something broke\\n'; exit 1\n");
        Run r = launch(tmp, "check", "x.net");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("[ERROR] something broke").contains("gradus: the build failed").doesNotContain("\033");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theFirstRunArchivesTheClassesLaterRunsMapWithTheSameOutput(@TempDir Path tmp) throws Exception {
        repository(tmp, "mkdir -p cli/target && cp \"$REAL_JAR\" cli/target/gradus.jar\n");
        Path cds = tmp.resolve("cache/cds");
        Run off = launch(tmp, java.util.Map.of("GRADUS_CDS", "off"), "--version"); // builds, archives nothing
        assertThat(off.status()).isZero();
        assertThat(cds).doesNotExist();
        Run first = launch(tmp, "--version");
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.err()).isEmpty();
        assertThat(first.out()).as("the JVM's archiving notes stay off standard output").isEqualTo(off.out());
        try (var files = Files.list(cds)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).singleElement()
                    .asString().startsWith("gradus-").endsWith(".jsa");
        }
        Run second = launch(tmp, "--version");
        assertThat(second.status()).isZero();
        assertThat(second.err()).isEmpty();
        assertThat(second.out()).isEqualTo(first.out());
        Run bad = launch(tmp, "check", "missing.net");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err()).contains("missing.net").doesNotContain("Exception");
    }

    /** -D and -X options before the command go to java: --verbose names -Dgradus.threads=N to repeat a run's choice. */
    @Test
    void javaOptionsBeforeTheCommandReachTheJvm(@TempDir Path tmp) throws Exception {
        repository(tmp, "mkdir -p cli/target && cp \"$REAL_JAR\" cli/target/gradus.jar\n");
        Path net = Files.copy(CliEndToEndIT.ROOT.resolve("examples/scalar.net"), tmp.resolve("scalar.net"));
        Files.copy(CliEndToEndIT.ROOT.resolve("examples/scalar.csv"), tmp.resolve("scalar.csv"));
        Run r = launch(tmp, "-Dgradus.serial=true", "-Xmx256m", "train", net.toString(), "--epochs", "1", "--verbose");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("gradus threads: 1 (-Dgradus.serial=true)");
        Run after = launch(tmp, "train", net.toString(), "--epochs", "1", "-Dgradus.serial=true");
        assertThat(after.status()).as("after the command, gradus's own options").isEqualTo(2);
        assertThat(after.err()).contains("-Dgradus.serial=true");
    }

    @Test
    void javasErrorsAreWrittenBeforeTheLauncherExits(@TempDir Path tmp) throws Exception {
        repository(tmp, "mkdir -p cli/target && cp \"$REAL_JAR\" cli/target/gradus.jar\n");
        // A filter that takes a second: a launcher that did not wait for it would exit with the error unwritten.
        Path grep = Tools.onPath("grep");
        assertThat(grep).as("grep on the PATH").isNotNull();
        Files.writeString(tmp.resolve("bin/grep"), "#!/usr/bin/env bash\nsleep 1\nexec '" + grep + "' \"$@\"\n");
        Files.setPosixFilePermissions(tmp.resolve("bin/grep"), PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String cds : List.of("off", "on", "on")) { // without an archive, writing one, mapping it
            Run r = launch(tmp, java.util.Map.of("GRADUS_CDS", cds), "check", "missing.net");
            assertThat(r.status()).as(cds).isEqualTo(1);
            assertThat(r.err()).as(cds).contains("missing.net").doesNotContain("incubator");
            Run ok = launch(tmp, java.util.Map.of("GRADUS_CDS", cds), "--version");
            assertThat(ok.status()).as(cds).isZero();
            assertThat(ok.out()).as(cds).startsWith("gradus ");
        }
    }

    @Test
    void aNewJarsArchiveReplacesTheOldOnes(@TempDir Path tmp) throws Exception {
        Path repo = repository(tmp, "mkdir -p cli/target && cp \"$REAL_JAR\" cli/target/gradus.jar\n");
        Path cds = Files.createDirectories(tmp.resolve("cache/cds"));
        Files.writeString(cds.resolve("gradus-12345.jsa"), "an archive named as launchers before this one named them");
        Files.writeString(cds.resolve("gradus-1-2.jsa"), "another jar's archive");
        assertThat(launch(tmp, "--version").status()).isZero();
        String first = archivesOf(cds).stream().filter(n -> !n.equals("gradus-1-2.jsa")).findFirst().orElseThrow();
        assertThat(archivesOf(cds)).containsExactlyInAnyOrder(first, "gradus-1-2.jsa");
        // A rebuilt jar (another time stamp) gets a new archive, and the old one goes.
        Path jar = repo.resolve("cli/target/gradus.jar");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        Run r = launch(tmp, "--version");
        assertThat(r.status()).as(r.err()).isZero();
        List<String> now = archivesOf(cds);
        assertThat(now).hasSize(2).contains("gradus-1-2.jsa").doesNotContain(first);
        assertThat(launch(tmp, "--version").out()).isEqualTo(r.out());
        assertThat(archivesOf(cds)).isEqualTo(now);
    }

    private static List<String> archivesOf(Path cds) throws java.io.IOException {
        try (var files = Files.list(cds)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
