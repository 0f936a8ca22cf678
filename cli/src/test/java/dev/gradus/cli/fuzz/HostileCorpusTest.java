package dev.gradus.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus of hostile .net files (issue 14), each with the outcome it must have. A case is
 * {@code NAME.net} (any bytes) and {@code NAME.expect}:
 * <pre>
 * # why the case exists
 * run: check {file}            (the command line; {file} is the .net file, {out} an empty folder)
 * exit: 1                      (the allowed exit statuses)
 * stderr: {file}:4:6: error:   (each stderr/stdout line: a fragment the output must contain)
 * not: output must name        (a fragment neither stream may contain)
 * </pre>
 * {@code fuzz/corpus} runs in every build.
 */
class HostileCorpusTest {
    static final Path FUZZ = Gradus.ROOT.resolve("cli/src/test/resources/fuzz");

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyCorpusCaseHasItsOutcome() throws IOException {
        return cases(FUZZ.resolve("corpus"));
    }

    private Stream<DynamicTest> cases(Path dir) throws IOException {
        List<Path> expects;
        try (Stream<Path> files = Files.list(dir)) {
            expects = files.filter(p -> p.toString().endsWith(".expect")).sorted().toList();
        }
        assertThat(expects).as("cases in %s", dir).isNotEmpty();
        return expects.stream().map(e -> DynamicTest.dynamicTest(e.getFileName().toString().replace(".expect", ""), () -> run(e)));
    }

    private void run(Path expectFile) throws IOException {
        String name = expectFile.getFileName().toString().replace(".expect", "");
        Path net = expectFile.resolveSibling(name + ".net");
        Path out = tmp.resolve(name + "-out");
        Expectation x = Expectation.parse(Files.readAllLines(expectFile, StandardCharsets.UTF_8), net, out);
        Gradus.Run r = Gradus.inProcess(x.args().toArray(String[]::new));
        String what = name + ": gradus " + String.join(" ", x.args());
        Gradus.assertSane(r, what);
        assertThat(x.exits()).as("exit status of %s\n%s", what, r.all()).contains(r.status());
        for (String s : x.stderr()) {
            assertThat(r.err()).as(what + "\n" + r.all()).contains(s);
        }
        for (String s : x.stdout()) {
            assertThat(r.out()).as(what + "\n" + r.all()).contains(s);
        }
        for (String s : x.not()) {
            assertThat(r.out() + r.err()).as(what + "\n" + r.all()).doesNotContain(s);
        }
        if (x.args().get(0).equals("compile")) {
            Gradus.assertNoPartialOutput(r, out, what);
        }
    }

    record Expectation(List<String> args, List<Integer> exits, List<String> stderr, List<String> stdout, List<String> not) {
        static Expectation parse(List<String> lines, Path net, Path out) {
            List<String> args = new ArrayList<>(List.of("check", "{file}"));
            List<Integer> exits = new ArrayList<>();
            List<String> stderr = new ArrayList<>();
            List<String> stdout = new ArrayList<>();
            List<String> not = new ArrayList<>();
            for (String line : lines) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim().replace("{file}", net.toString()).replace("{out}", out.toString());
                switch (key) {
                    case "run" -> args = new ArrayList<>(List.of(value.split(" +")));
                    case "exit" -> Stream.of(value.split("[ ,|]+")).map(Integer::valueOf).forEach(exits::add);
                    case "stderr" -> stderr.add(value);
                    case "stdout" -> stdout.add(value);
                    case "not" -> not.add(value);
                    default -> throw new IllegalArgumentException("unknown key '" + key + "' in an .expect file");
                }
            }
            args.replaceAll(a -> a.equals("''") ? "" : a.replace("{file}", net.toString()).replace("{out}", out.toString()));
            if (exits.isEmpty()) {
                throw new IllegalArgumentException("an .expect file needs 'exit:'");
            }
            return new Expectation(args, exits, stderr, stdout, not);
        }
    }
}
