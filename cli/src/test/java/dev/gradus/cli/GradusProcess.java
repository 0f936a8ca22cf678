package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged gradus jar in its own process, as a user would (not on a terminal). */
final class GradusProcess {
    static final Path ROOT = Path.of(System.getProperty("gradus.root", "..")).toAbsolutePath().normalize();
    static final Path JAR = Path.of(System.getProperty("gradus.jar", "target/gradus.jar")).toAbsolutePath();
    /** The compiled trainers and remembered kernels of every run the tests start: in the build, not the home of whoever runs them. */
    static final Path CACHE = JAR.resolveSibling("gradus-cache");

    private GradusProcess() {}

    record Run(int status, String out, String err) {}

    /** {@code java -jar gradus.jar ARGS} in {@code dir}, as CI runs it ({@code CI=true}) and with its cache in the build ({@link #CACHE}). */
    static ProcessBuilder builder(Path dir, String... args) {
        return builder(dir, List.of(), args);
    }

    /** {@link #builder(Path, String...)} with options for the JVM ({@code --add-modules}, {@code -D}) before {@code -jar}. */
    static ProcessBuilder builder(Path dir, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("CI", "true");
        pb.environment().put("GRADUS_CACHE_DIR", CACHE.toString());
        return pb;
    }

    static Run gradus(Path dir, String... args) throws IOException, InterruptedException {
        return gradus(dir, List.of(), args);
    }

    static Run gradus(Path dir, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = builder(dir, jvmOptions, args);
        Path out = Files.createTempFile("gradus", ".out");
        Path err = Files.createTempFile("gradus", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
