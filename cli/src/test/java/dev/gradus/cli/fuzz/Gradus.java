package dev.gradus.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gradus.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the gradus command line on hostile input, in this JVM (picocli with captured streams, exactly
 * what {@code main} does but for {@code System.exit}) or as a real process, and checks what must
 * hold for every input: an exit status of 0, 1 or 2, no stack trace and no internal error, an
 * error that names its place, no run longer than the timeout, and no partial output file.
 */
final class Gradus {
    static final Path ROOT = Path.of(System.getProperty("gradus.root", "..")).toAbsolutePath().normalize();
    static final Path JAR = Path.of(System.getProperty("gradus.jar", "target/gradus.jar")).toAbsolutePath();
    static final long TIMEOUT_SECONDS = 60;

    // Both patterns run over hostile output (lines of 64 Ki characters): a greedy .+ before the place, or a \w+
    // tried from every position of a long name, backtracks in time quadratic in the output (a minute for one case).
    /** How an error is reported: {@code FILE:LINE:COL: error: } or {@code gradus: error: }, or usage text. */
    private static final Pattern ERROR_LINE = Pattern.compile("(?s)(.+?:\\d+:\\d+: error: |gradus: error: ).*");
    private static final Pattern STACK_TRACE = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|Exception in thread|\\b\\w+(Exception|Error): ");

    record Run(int status, String out, String err) {
        String all() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(null, r, "gradus-fuzz", 0); // 0: the JVM's default stack, as for a user's main thread
        t.setDaemon(true);
        return t;
    });

    private Gradus() {}

    /** Runs {@code args} in this JVM; a Throwable escaping {@code Main.run} or a timeout fails the test. */
    static Run inProcess(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Future<Integer> status = RUNNER.submit(() -> Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true)));
        try {
            return new Run(status.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), out.toString(), err.toString());
        } catch (TimeoutException e) {
            status.cancel(true);
            return fail("gradus " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            return fail("gradus " + String.join(" ", args) + " threw " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** Runs {@code args} as {@code java -jar gradus.jar} in {@code dir}, with the JVM's default stack. */
    static Run process(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("gradus-fuzz", ".out");
        Path err = Files.createTempFile("gradus-fuzz", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
            pb.environment().put("CI", "true");
            pb.environment().put("GRADUS_CACHE_DIR", JAR.resolveSibling("gradus-cache").toString()); // not the user's cache
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail("gradus " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** What must hold for any input. */
    static void assertSane(Run r, String what) {
        assertThat(r.status()).as("exit status of %s\n%s", what, r.all()).isBetween(0, 2);
        String both = r.out() + r.err();
        assertThat(both).as("%s\n%s", what, r.all()).doesNotContain("internal error");
        assertThat(STACK_TRACE.matcher(both).find()).as("stack trace or exception name in the output of %s\n%s", what, r.all())
                .isFalse();
        if (r.status() == 1) {
            assertThat(r.err()).as("an error names its place: %s\n%s", what, r.all()).matches(ERROR_LINE);
        }
        if (r.status() == 0) {
            assertThat(r.err()).as("stderr of a run that succeeded: %s", what).doesNotContain("error");
        }
    }

    /**
     * After {@code compile -d out}: nothing written if it failed; else every file written is a whole
     * Java class, and no temporary file is left.
     */
    static void assertNoPartialOutput(Run r, Path out, String what) throws IOException {
        List<Path> files;
        if (!Files.exists(out)) {
            files = List.of();
        } else {
            try (Stream<Path> walk = Files.walk(out)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
        }
        if (r.status() != 0) {
            assertThat(files).as("files written by a compile that failed: %s\n%s", what, r.all()).isEmpty();
            return;
        }
        assertThat(files).as("compile succeeded but wrote nothing: %s\n%s", what, r.all()).isNotEmpty();
        for (Path f : files) {
            assertThat(f.getFileName().toString()).as("leftover file %s", f).endsWith(".java");
            String text = Files.readString(f);
            assertThat(text).as("whole class in %s", f).contains("class ").endsWith("}\n");
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
