package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Helpers for the learner-facing commands' tests: in-process runs, goldens, and outside tools found on PATH. */
final class Tools {
    private Tools() {}

    /** The repository root: set by the build, else the parent of the module folder tests run in. */
    static final Path ROOT = Path.of(System.getProperty("gradus.root", "..")).toAbsolutePath().normalize();
    static final Path KATEX = ROOT.resolve("compiler/src/main/resources/dev/gradus/compiler/print/katex");

    record Result(int status, String out, String err) {}

    /** Runs gradus in this JVM (the commands' logic; the packaged jar is covered by CliEndToEndTest). */
    static Result gradus(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    static Path example(String name) {
        return ROOT.resolve("examples").resolve(name + ".net");
    }

    static Path reference(String name) {
        return ROOT.resolve("compiler/src/test/resources/reference").resolve(name).resolve("model.net");
    }

    /** The first of {@code names} found on PATH, or null. */
    static Path onPath(String... names) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String n : names) {
                Path p = Path.of(dir, n);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /**
     * The first of {@code names} on PATH. Where it is missing the test is skipped, except under CI
     * ({@code CI=true}), whose .ci/run installs every tool: there a missing tool fails the test.
     */
    static Path required(String what, String... names) {
        Path p = onPath(names);
        if (p == null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(what + " is missing under CI; .ci/run should have installed it");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(p != null, what + " is not installed (CI installs it)");
        return p;
    }

    record Proc(int status, String out) {}

    /** Runs a process to its end (stdout and stderr together), failing the test after {@code seconds}. */
    static Proc run(Path dir, int seconds, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("tool", ".log");
        Process p = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(done).as("%s finished within %d s: %s", command.get(0), seconds, Files.readString(log)).isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return new Proc(p.exitValue(), out);
    }

    static void golden(String name, String actual) throws IOException {
        Path file = ROOT.resolve("cli/src/test/resources/golden").resolve(name);
        if (Boolean.getBoolean("gradus.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file).as("golden file %s (write it with -Dgradus.update=true)", file).exists();
        assertThat(actual).as("differs from %s (rewrite with -Dgradus.update=true)", file)
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
