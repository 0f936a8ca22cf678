package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the packaged gradus jar as a separate process, as a user would (failsafe, after packaging). */
class CliEndToEndIT {
    static final Path ROOT = Path.of(System.getProperty("gradus.root", "..")).toAbsolutePath().normalize();
    /** The project's PyTorch references for the example models, made by reference/make_seed_refs.py. */
    static final Path REFERENCE = ROOT.resolve("reference");
    static final Path JAR = GradusProcess.JAR;

    record Run(int status, String out, String err) {}

    static Run gradus(Path dir, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = GradusProcess.builder(dir, args);
        Path out = Files.createTempFile("gradus", ".out");
        Path err = Files.createTempFile("gradus", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple_net", "linear", "xor_sigmoid", "xor_mlp"})
    void trainFollowsPyTorchOnEverySeedCase(String name, @TempDir Path tmp) throws Exception {
        Path ref = REFERENCE.resolve(name);
        Run r = gradus(ROOT, "train", "examples/" + name + ".net", "--data", ref.resolve("data.csv").toString(),
                "--init", ref.resolve("init.safetensors").toString(), "--precision", "double", "--quiet",
                "--log", tmp.resolve("log.csv").toString(), "--save", tmp.resolve("final.safetensors").toString());
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode expected = new ObjectMapper().readTree(ref.resolve("expected.json").toFile());
        List<Double> want = new ArrayList<>();
        assertThat(expected.path("loss_log").isArray()).as("loss_log in %s", ref).isTrue();
        expected.path("loss_log").forEach(v -> want.add(v.asDouble()));
        List<String> lines = Files.readAllLines(tmp.resolve("log.csv"));
        assertThat(lines.get(0)).isEqualTo("epoch,loss");
        assertThat(lines).hasSize(want.size() + 1);
        for (int e = 0; e < want.size(); e++) {
            double got = Double.parseDouble(lines.get(e + 1).split(",")[1]);
            assertThat(Math.abs(got - want.get(e)) / Math.abs(want.get(e))).isLessThanOrEqualTo(1e-9);
        }
        Map<String, dev.gradus.runtime.Safetensors.Entry> fin = dev.gradus.runtime.Safetensors.read(tmp.resolve("final.safetensors"));
        Map<String, dev.gradus.runtime.Safetensors.Entry> exp = dev.gradus.runtime.Safetensors.read(ref.resolve("final.safetensors"));
        assertThat(fin.keySet()).as("the parameters, then the checkpoint's optimizer tensors")
                .containsAll(exp.keySet()).allMatch(k -> exp.containsKey(k) || k.startsWith("__optim__."));
        for (String k : exp.keySet()) {
            assertThat(fin.get(k).dtype()).isEqualTo("F64");
            double[] a = fin.get(k).values();
            double[] b = exp.get(k).values();
            for (int i = 0; i < a.length; i++) {
                assertThat(Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-6)).isLessThanOrEqualTo(1e-9);
            }
        }
    }

    @Test
    void theReadmeCommandEndsWithThePredictionForXEqualsFive() throws Exception {
        Run r = gradus(ROOT, "train", "examples/simple_net.net", "--predict", "x=5");
        assertThat(r.status()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines[lines.length - 1]).startsWith("predict x=5: y_hat = ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simple_net", "xor_mlp", "softmax_classifier"})
    void gradAndExplainPrintTheirGoldenOutput(String name) throws Exception {
        Run grad = gradus(ROOT, "grad", "examples/" + name + ".net");
        assertThat(grad.status()).as(grad.err()).isZero();
        golden(name + ".grad.txt", grad.out());
        Run latex = gradus(ROOT, "grad", "examples/" + name + ".net", "--format", "latex");
        assertThat(latex.status()).isZero();
        golden(name + ".grad.tex", latex.out());
    }

    @Test
    void explainReproducesTheSeedTutorial() throws Exception {
        Run r = gradus(ROOT, "explain", "examples/scalar.net", "--at", "x=1,y=2,w=1");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("dloss/dw = -2");
        golden("scalar.explain.txt", r.out());
        Run net = gradus(ROOT, "explain", "examples/linear.net", "--at", "x=[2],y=[4],w=[[0.5]],b=[0.1]");
        assertThat(net.status()).as(net.err()).isZero();
        golden("linear.explain.txt", net.out());
        for (String[] c : new String[][] {{"simple_net", "x=[2],y=[4]"}, {"xor_sigmoid", "x=[1,0],y=[1]"},
                {"xor_mlp", "x=[1,0],y=[1]"}, {"softmax_classifier", "x=[1,0,2,-1],label=2"}}) {
            Run r2 = gradus(ROOT, "explain", "examples/" + c[0] + ".net", "--at", c[1]);
            assertThat(r2.status()).as(r2.err()).isZero();
            golden(c[0] + ".explain.txt", r2.out());
        }
    }

    @Test
    void gradcheckPassesOnEveryExample() throws Exception {
        for (String name : List.of("scalar", "linear", "simple_net", "xor_sigmoid", "xor_mlp", "softmax_classifier",
                "dropout_classifier")) { // dropout: the identity in a gradient check
            Run r = gradus(ROOT, "gradcheck", "examples/" + name + ".net");
            assertThat(r.status()).as(name + ": " + r.out() + r.err()).isZero();
        }
    }

    @Test
    void evalReportsLossAccuracyAndWritesPredictions(@TempDir Path tmp) throws Exception {
        Path params = tmp.resolve("p.safetensors");
        assertThat(gradus(ROOT, "train", "examples/softmax_classifier.net", "--quiet", "--save", params.toString()).status()).isZero();
        Run r = gradus(ROOT, "eval", "examples/softmax_classifier.net", "--params", params.toString(), "--data",
                "examples/blobs.csv", "--predict", tmp.resolve("out.csv").toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("mean loss").contains("accuracy");
        assertThat(Files.readAllLines(tmp.resolve("out.csv")).get(0)).as("the columns predict writes")
                .isEqualTo("logits[0],logits[1],logits[2],class");
    }

    // ---- bad input: one clear message, exit 1, never a stack trace

    private static void assertCleanFailure(Run r, String... fragments) {
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
    }

    @Test
    void aBadNetFileGivesEveryDiagnostic(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("bad.net"), "model M {\n    input x[3]\n    param W[2, 4]\n    h = W @ x\n    loss = sum(q)\n}\n");
        Run r = gradus(tmp, "train", "bad.net");
        assertCleanFailure(r, "bad.net:4:11: error: W @ x: [2, 4] @ [3]: inner dimensions 4 and 3 differ",
                "bad.net:5:16: error: unknown name 'q'", "2 errors");
        assertThat(gradus(tmp, "compile", "bad.net", "-d", "out").status()).isEqualTo(1);
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aMissingFileIsOneMessage(@TempDir Path tmp) throws Exception {
        assertCleanFailure(gradus(tmp, "check", "nope.net"), "nope.net: no such file");
    }

    @Test
    void csvProblemsNameFileLineAndColumn(@TempDir Path tmp) throws Exception {
        Files.copy(ROOT.resolve("examples/softmax_classifier.net"), tmp.resolve("m.net"));
        Files.writeString(tmp.resolve("missing.csv"), "x[0],x[1],x[2],label\n1,2,3,0\n");
        assertCleanFailure(gradus(tmp, "train", "m.net", "--data", "missing.csv"), "missing.csv:1:1: missing column 'x[3]'");
        Files.writeString(tmp.resolve("text.csv"), "x[0],x[1],x[2],x[3],label\n1,2,3,4,0\n1,2,abc,4,1\n");
        assertCleanFailure(gradus(tmp, "train", "m.net", "--data", "text.csv"), "text.csv:3:5: column 'x[2]': 'abc' is not a number");
        Files.writeString(tmp.resolve("short.csv"), "x[0],x[1],x[2],x[3],label\n1,2,3,4,0\n1,2,3\n");
        assertCleanFailure(gradus(tmp, "train", "m.net", "--data", "short.csv"), "short.csv:3:", "short row");
        Files.writeString(tmp.resolve("empty.csv"), "x[0],x[1],x[2],x[3],label\n");
        assertCleanFailure(gradus(tmp, "train", "m.net", "--data", "empty.csv"), "empty.csv:2:1: no examples after the header row");
        Files.writeString(tmp.resolve("class.csv"), "x[0],x[1],x[2],x[3],label\n1,2,3,4,0\n1,2,3,4,7\n");
        assertCleanFailure(gradus(tmp, "train", "m.net", "--data", "class.csv"), "class.csv:3:9: column 'label': class 7 is out of range 0..2");
    }

    @Test
    void aParameterFileThatDoesNotFitSaysWhich(@TempDir Path tmp) throws Exception {
        Path other = tmp.resolve("other.safetensors");
        assertThat(gradus(ROOT, "train", "examples/xor_mlp.net", "--epochs", "1", "--quiet", "--save", other.toString()).status()).isZero();
        assertCleanFailure(gradus(ROOT, "train", "examples/simple_net.net", "--init", other.toString()),
                "tensor 'W1' has shape [8, 2]; the model declares [10, 1]");
        assertCleanFailure(gradus(ROOT, "train", "examples/linear.net", "--init", other.toString()), "no tensor 'w'");
        // A half-precision tensor: the dtype is named and what was expected.
        byte[] header = "{\"w\":{\"dtype\":\"F16\",\"shape\":[1,1],\"data_offsets\":[0,2]},\"b\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[2,4]}}"
                .getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer f16 = java.nio.ByteBuffer.allocate(8 + header.length + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        f16.putLong(header.length).put(header).putInt(0);
        Path half = tmp.resolve("half.safetensors");
        Files.write(half, f16.array());
        assertCleanFailure(gradus(ROOT, "train", "examples/linear.net", "--init", half.toString()),
                "tensor 'w' has dtype F16; expected F32 or F64");
    }

    @Test
    void anUnwritableSaveLeavesNothingBehind(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("ro");
        Files.createDirectories(dir);
        Path target = dir.resolve("missing-folder/p.safetensors");
        assertCleanFailure(gradus(ROOT, "train", "examples/simple_net.net", "--quiet", "--save", target.toString()), "cannot save");
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void everyCommandHasHelp(@TempDir Path tmp) throws Exception {
        for (String command : List.of("check", "grad", "explain", "compile", "train", "eval", "gradcheck")) {
            Run r = gradus(tmp, command, "--help");
            assertThat(r.status()).as(command).isZero();
            assertThat(r.out()).startsWith("Usage: gradus " + command);
        }
    }

    @Test
    void usageMistakesExitTwo(@TempDir Path tmp) throws Exception {
        assertThat(gradus(tmp, "train").status()).isEqualTo(2);
        assertThat(gradus(tmp, "frobnicate").status()).isEqualTo(2);
        assertThat(gradus(ROOT, "train", "examples/simple_net.net", "--precision", "half").status()).isEqualTo(2);
    }

    private static void golden(String name, String actual) throws IOException {
        Path file = ROOT.resolve("cli/src/test/resources/golden").resolve(name);
        if (Boolean.getBoolean("gradus.update")) {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(actual).as("differs from %s (rewrite with -Dgradus.update=true)", file)
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
