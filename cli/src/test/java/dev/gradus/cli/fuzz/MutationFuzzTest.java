package dev.gradus.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generator-driven fuzzing: mutations of every examples/*.net, each run through {@code check} and,
 * when it checks, {@code grad} and {@code compile -d}. Fails on a stack trace, an internal error, an
 * exit status outside {0, 1, 2}, an error without its place, a hang or a partial output file, and
 * prints the model that did it. A few dozen mutants per example run in every build;
 * {@code -Dgradus.fuzz.iterations=N} runs N per example and {@code -Dgradus.fuzz.seed=S} others.
 */
class MutationFuzzTest {
    @TempDir
    Path tmp;

    @Test
    void mutantsOfTheExamplesNeverCrashHangOrLeavePartialFiles() throws IOException {
        int iterations = Integer.getInteger("gradus.fuzz.iterations", 10);
        long seed = Long.getLong("gradus.fuzz.seed", 1);
        List<Path> seeds;
        try (Stream<Path> files = Files.list(Gradus.ROOT.resolve("examples"))) {
            seeds = files.filter(p -> p.toString().endsWith(".net")).sorted().toList();
        }
        assertThat(seeds).isNotEmpty();
        List<String> failures = new ArrayList<>();
        int mutants = 0;
        for (Path example : seeds) {
            String text = Files.readString(example);
            Mutator mutator = new Mutator(seed * 31 + example.getFileName().toString().hashCode());
            for (int i = 0; i < iterations; i++) {
                byte[] mutant = mutator.mutate(text);
                mutants++;
                String failure = run(example.getFileName() + " #" + i, mutant);
                if (failure == null) {
                    continue;
                }
                failures.add(failure);
            }
        }
        System.out.println(mutants + " mutants, " + failures.size() + " failures");
        assertThat(failures).as("mutants that broke a rule (seed %d)", seed).isEmpty();
    }

    /** Null if every rule held, else a report with the model. */
    private String run(String name, byte[] mutant) throws IOException {
        Path file = tmp.resolve("mutant.net");
        Path out = tmp.resolve("out");
        Files.write(file, mutant);
        Gradus.deleteTree(out);
        String command = "check";
        try {
            Gradus.Run check = Gradus.inProcess("check", file.toString());
            Gradus.assertSane(check, name + " check");
            if (check.status() == 0) {
                command = "grad";
                Gradus.assertSane(Gradus.inProcess("grad", file.toString()), name + " grad");
                command = "compile";
                Gradus.Run compile = Gradus.inProcess("compile", "-d", out.toString(), file.toString());
                Gradus.assertSane(compile, name + " compile");
                Gradus.assertNoPartialOutput(compile, out, name + " compile");
            }
            return null;
        } catch (AssertionError e) {
            return name + " (" + command + "): " + e.getMessage() + "\n--- the model (Java-escaped):\n" + escape(mutant) + "\n---";
        }
    }

    private static String escape(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.length() > 4000) {
            text = text.substring(0, 4000) + "... (" + text.length() + " characters)";
        }
        StringBuilder s = new StringBuilder();
        for (char c : text.toCharArray()) {
            s.append(c == '\n' || c >= ' ' && c < 127 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return s.toString();
    }
}
