package dev.gradus.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Graphviz's {@code dot}, found on the PATH, turning DOT text into SVG. */
final class Graphviz {
    static final String MISSING = "SVG needs Graphviz's 'dot' program, which is not on the PATH "
            + "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz); write DOT instead with -o FILE.dot";

    private Graphviz() {}

    /** The {@code dot} executable, or null where Graphviz is not installed. */
    static Path dot() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "dot");
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    /** Renders DOT as SVG; throws a {@link CliException} if dot is missing or fails. */
    static String svg(String dotText) {
        Path dot = dot();
        if (dot == null) {
            throw new CliException(MISSING);
        }
        try {
            Path in = Files.createTempFile("gradus", ".dot");
            Path out = Files.createTempFile("gradus", ".svg");
            try {
                Files.writeString(in, dotText, StandardCharsets.UTF_8);
                Process p = new ProcessBuilder(List.of(dot.toString(), "-Tsvg", "-o", out.toString(), in.toString()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new CliException("Graphviz's dot did not finish in 120 s");
                }
                if (p.exitValue() != 0) {
                    throw new CliException("Graphviz's dot failed (exit " + p.exitValue() + ")");
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new CliException("cannot run Graphviz's dot: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while Graphviz's dot ran");
        }
    }
}
