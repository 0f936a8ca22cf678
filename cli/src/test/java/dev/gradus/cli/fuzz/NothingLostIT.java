package dev.gradus.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generators for the classes of the second hostile-input campaign (issue 25): every output option
 * of every command pointed at every input it reads, {@code --at} strings from a grammar and their
 * mutations, optimizer settings whose state or parameters go non-finite while the loss stays
 * finite, and trees as deep as {@code check} allows. Every case keeps the rules of {@link Gradus}
 * (no stack trace, no internal error, exit 0, 1 or 2, errors that name their place) and its own
 * outcome; the findings are kept as cases in {@code fuzz/corpus}.
 */
class NothingLostIT {
    private static final String MODEL = "model M {\n  input x[2]\n  target y : class(3)\n  param W[3, 2]\n  param b[3] init zeros\n"
            + "  z = W @ x + b\n  output z\n  loss = cross_entropy(z, y)\n"
            + "  train { data = \"d.csv\" optimizer = adam(lr = 0.01) batch = 2 epochs = 2 }\n}\n";

    @TempDir
    Path tmp;

    private record Output(String command, String option, String extension) {}

    /** Each command's inputs, by the name its error uses, and the options that give them. */
    private static final Map<String, List<String>> INPUTS = Map.of(
            "train", List.of("FILE.net", "the data", "--init", "the validation data"),
            "eval", List.of("FILE.net", "--params", "--data"),
            "predict", List.of("FILE.net", "--params", "--data"),
            "graph", List.of("FILE.net", "--data"),
            "report", List.of("FILE.net", "--data"));

    private static final List<Output> OUTPUTS = List.of(new Output("train", "--save", ".safetensors"), new Output("train", "--log", ".csv"),
            new Output("train", "--plot", ".svg"), new Output("eval", "--predict", ".csv"), new Output("predict", "--out", ".csv"),
            new Output("graph", "-o", ".dot"), new Output("report", "-o", ".html"));

    @Test
    void everyOutputOptionNamingAnInputIsRefusedBeforeAnyWorkAndTheInputIsKept() throws IOException {
        Path net = Files.writeString(tmp.resolve("m.net"), MODEL);
        Path data = Files.writeString(tmp.resolve("d.csv"), "x[0],x[1],y\n1,0,2\n0,1,1\n");
        Path val = Files.writeString(tmp.resolve("v.csv"), "x[0],x[1],y\n1,1,0\n");
        Path params = Files.write(tmp.resolve("p.safetensors"), new byte[] {1, 2, 3});
        Map<String, Path> file = Map.of("FILE.net", net, "the data", data, "--data", data, "--init", params, "--params", params,
                "the validation data", val);
        Map<Path, byte[]> before = new HashMap<>();
        for (Path p : file.values()) {
            before.put(p, Files.readAllBytes(p));
        }
        int cases = 0;
        for (Output o : OUTPUTS) {
            for (String input : INPUTS.get(o.command())) {
                Path target = file.get(input);
                // A link with the option's extension (the same file once links are followed), and where the
                // extension allows, another spelling of the same path.
                Path link = Files.createSymbolicLink(tmp.resolve("alias" + cases + o.extension()), target.getFileName());
                List<Path> spellings = new ArrayList<>(List.of(link));
                if (target.toString().endsWith(o.extension())) {
                    spellings.add(tmp.resolve("sub/..").resolve(target.getFileName()));
                }
                for (Path out : spellings) {
                    List<String> args = args(o.command(), net, data, val, params);
                    args.addAll(List.of(o.option(), out.toString()));
                    Gradus.Run r = Gradus.inProcess(args.toArray(String[]::new));
                    String what = String.join(" ", args);
                    Gradus.assertSane(r, what);
                    assertThat(r.status()).as(what + "\n" + r.all()).isEqualTo(2);
                    assertThat(r.err()).as(what).contains(o.option() + " would overwrite ").contains(target.toString());
                    cases++;
                }
            }
        }
        for (Map.Entry<Path, byte[]> e : before.entrySet()) {
            assertThat(Files.readAllBytes(e.getKey())).as("%s is kept", e.getKey()).isEqualTo(e.getValue());
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.filter(p -> !Files.isSymbolicLink(p)).map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("d.csv", "m.net", "p.safetensors", "v.csv");
        }
        assertThat(cases).isGreaterThanOrEqualTo(22);
    }

    private static List<String> args(String command, Path net, Path data, Path val, Path params) {
        List<String> args = new ArrayList<>(List.of(command, net.toString()));
        switch (command) {
            case "train" -> args.addAll(List.of("--data", data.toString(), "--init", params.toString(), "--val", val.toString()));
            case "eval", "predict" -> args.addAll(List.of("--params", params.toString(), "--data", data.toString()));
            case "graph", "report" -> args.addAll(List.of("--data", data.toString()));
            default -> throw new IllegalArgumentException(command);
        }
        return args;
    }

    /** Valid {@code --at} strings for the model, then mutations: each is accepted (exit 0) or a usage error naming --at. */
    @Test
    void atStringsAndTheirMutationsAreAcceptedOrUsageErrors() throws IOException {
        Path net = Files.writeString(tmp.resolve("m.net"), MODEL);
        long seed = Long.getLong("gradus.fuzz.seed", 1);
        int iterations = Integer.getInteger("gradus.fuzz.iterations", 10) * 8;
        Random rng = new Random(seed * 25);
        String[] tokens = {"[", "]", ",", "=", "[[", "]]", ",,", "1e400", "-1e400", "Infinity", "NaN", "0x1p3", "1f", "x=1", "y=1",
            "W=[1,2,3,4,5,6]", "W=[[1,2],[3,4],[5,6]]", "y=[0,1,0]", "y=1.5", "y=3", " ", "\t", "é", "\u0000", ""};
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            StringBuilder s = new StringBuilder("x=[" + rng.nextInt(9) + "," + (rng.nextDouble() - 0.5) + "],y=" + rng.nextInt(3));
            int edits = i == 0 ? 0 : 1 + rng.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = rng.nextInt(s.length() + 1);
                if (rng.nextBoolean() && at < s.length()) {
                    s.deleteCharAt(at);
                } else {
                    s.insert(at, tokens[rng.nextInt(tokens.length)]);
                }
            }
            String at = s.toString();
            Gradus.Run r = Gradus.inProcess("explain", net.toString(), "--at", at);
            try {
                Gradus.assertSane(r, "--at " + at);
                assertThat(r.status()).as("--at %s\n%s", at, r.all()).isIn(0, 2);
                if (r.status() == 2) {
                    assertThat(r.err()).as("--at %s", at).contains("--at");
                }
                if (at.contains("1e400") || at.contains("Infinity") || at.contains("NaN")) {
                    assertThat(r.status()).as("--at %s\n%s", at, r.all()).isEqualTo(2);
                }
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        assertThat(failures).as("--at strings that broke a rule (seed %d)", seed).isEmpty();
    }

    /** Optimizer settings that make a parameter or the optimizer's state non-finite while the loss stays finite. */
    @Test
    void runsWhoseParametersOrOptimizerStateGoNonFiniteNeverSucceedOrSave() throws IOException {
        Files.writeString(tmp.resolve("d.csv"), "x,y\n1,2\n2,4\n");
        String[] optimizers = {"adam(lr = 0.1, eps = 0)", "rmsprop(lr = 0.1, eps = 0)", "sgd(lr = 1e38)"};
        for (String optimizer : optimizers) {
            // u is a parameter the loss does not use: its gradient is 0, and eps = 0 makes Adam's and RMSprop's step 0/0.
            Path net = Files.writeString(tmp.resolve("nf.net"), "model M {\n  input x\n  target y\n  param w = 0.5\n  param u = 1\n"
                    + "  loss = square(w * x - y)\n  train { data = \"d.csv\" optimizer = " + optimizer + " batch = 2 epochs = 3 }\n}\n");
            Path save = tmp.resolve("nf.safetensors");
            Gradus.Run r = Gradus.inProcess("train", net.toString(), "--quiet", "--save", save.toString());
            Gradus.assertSane(r, optimizer);
            assertThat(r.status()).as(optimizer + "\n" + r.all()).isEqualTo(1);
            assertThat(r.err()).as(optimizer).contains("training diverged").contains("after the update").contains("nothing saved");
            assertThat(save).doesNotExist();
        }
    }

    /** tanh(tanh(...(w * x))) at the parser's nesting limit: check accepts it, so the trainer compiles (javac overflowed its stack). */
    @Test
    void aTreeAsDeepAsCheckAllowsCompilesIntoATrainer() throws IOException {
        Path net = Files.writeString(tmp.resolve("deep.net"), "model M {\n  input x\n  target y\n  param w = 0.5\n"
                + "  loss = square(" + "tanh(".repeat(250) + "w * x" + ")".repeat(250) + " - y)\n}\n");
        Gradus.Run check = Gradus.inProcess("check", net.toString());
        assertThat(check.status()).as(check.all()).isZero();
        Gradus.Run r = Gradus.inProcess("gradcheck", net.toString());
        Gradus.assertSane(r, "gradcheck of a deep tree");
        assertThat(r.status()).as(r.all()).isZero();
        assertThat(r.out()).contains("w");
    }
}
