package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.palantir.javapoet.JavaFile;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.runtime.Csv;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Safetensors;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Generated trainers, compiled in memory as the CLI does: PyTorch's trajectories on every seed
 * reference case (double to 1e-9, float to 1e-4), and no allocation in a training step.
 */
class GeneratedTrainerTest {
    private static final Path EXAMPLES = Path.of("../examples");

    static Trainer trainer(String example, Precision precision, int maxBatch) throws IOException {
        Path file = EXAMPLES.resolve(example + ".net");
        CheckedModel model = Frontend.check(new Source(file.toString(), Files.readString(file))).get(0);
        JavaFile java = Compiler.emit(model, "test.generated", precision);
        return TrainerLoader.load(java, maxBatch);
    }

    static DataSet data(Trainer t, Path csv) {
        List<TensorSpec> fields = new ArrayList<>(t.inputs());
        fields.addAll(t.targets());
        return Csv.read(csv, fields);
    }

    @ParameterizedTest
    @CsvSource({"simple_net,double,1e-9", "linear,double,1e-9", "xor_sigmoid,double,1e-9", "xor_mlp,double,1e-9",
            "simple_net,float,1e-4", "linear,float,1e-4", "xor_sigmoid,float,1e-4", "xor_mlp,float,1e-4"})
    void followsPyTorchsTrajectory(String name, String precision, double tolerance) throws IOException {
        Path ref = Golden.reference(name);
        String expected = Files.readString(ref.resolve("expected.json"));
        Trainer t = trainer(name, Precision.parse(precision), Integer.parseInt(field(expected, "batch")));
        checkTrajectory(ref, t, tolerance, precision.equals("float") ? 1e-3 : 1e-6);
        if (expected.contains("predict_x_5") && precision.equals("double")) {
            double[] y = new double[1];
            t.predict(new DataSet(List.of("x"), new double[][][] {{{5}}}), 0, y);
            assertThat(relative(y[0], Double.parseDouble(field(expected, "predict_x_5")))).isLessThanOrEqualTo(tolerance);
        }
    }

    /** More cases made by src/test/python/make_refs.py: every optimizer's options, cross-entropy, many ops at once. */
    @org.junit.jupiter.api.TestFactory
    java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> followsPyTorchOnEveryOptimizerAndOp() throws IOException {
        Path root = Path.of("src/test/resources/reference");
        List<Path> cases;
        try (var s = Files.list(root)) {
            cases = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(8);
        List<org.junit.jupiter.api.DynamicTest> tests = new ArrayList<>();
        for (Path c : cases) {
            for (Precision precision : Precision.values()) {
                tests.add(org.junit.jupiter.api.DynamicTest.dynamicTest(c.getFileName() + " " + precision, () -> {
                    Path net = c.resolve("model.net");
                    CheckedModel model = Frontend.check(new Source(net.toString(), Files.readString(net))).get(0);
                    checkTrajectory(c, TrainerLoader.load(Compiler.emit(model, "test.generated", precision), model.train().batch()),
                            precision == Precision.DOUBLE ? 1e-9 : 1e-4, precision == Precision.DOUBLE ? 1e-6 : 1e-3);
                }));
            }
        }
        return tests.stream();
    }

    private static void checkTrajectory(Path ref, Trainer t, double tolerance, double floor) throws IOException {
        String expected = Files.readString(ref.resolve("expected.json"));
        int epochs = Integer.parseInt(field(expected, "epochs"));
        int batch = Integer.parseInt(field(expected, "batch"));
        t.load(ref.resolve("init.safetensors"));
        double[] log = t.fit(data(t, ref.resolve("data.csv")), epochs, batch, false, 0, dev.gradus.runtime.TrainingListener.NONE);
        List<Double> want = numbers(expected, "loss_log");
        assertThat(log).hasSize(want.size());
        for (int e = 0; e < log.length; e++) {
            assertThat(relative(log[e], want.get(e))).as("%s epoch %d loss %s vs %s", ref.getFileName(), e + 1, log[e], want.get(e))
                    .isLessThanOrEqualTo(tolerance);
        }
        Map<String, Safetensors.Entry> fin = Safetensors.read(ref.resolve("final.safetensors"));
        for (TensorSpec p : t.parameters()) {
            double[] got = new double[p.size()];
            t.getParameter(p.name(), got);
            double[] exp = fin.get(p.name()).values();
            for (int k = 0; k < got.length; k++) {
                assertThat(relative(got[k], exp[k], floor)).as("%s final %s[%d]: %s vs %s", ref.getFileName(), p.name(), k,
                        got[k], exp[k]).isLessThanOrEqualTo(tolerance);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "linear", "simple_net", "xor_sigmoid", "xor_mlp", "softmax_classifier"})
    void aTrainingStepAllocatesNothing(String name) throws IOException {
        for (Precision precision : Precision.values()) {
            Trainer t = trainer(name, precision, 16);
            Path netDir = EXAMPLES;
            String source = Files.readString(netDir.resolve(name + ".net"));
            Matcher m = Pattern.compile("data\\s*=\\s*\"([^\"]+)\"").matcher(source);
            assertThat(m.find()).isTrue();
            DataSet data = data(t, netDir.resolve(m.group(1)));
            int count = Math.min(16, data.size());
            int[] order = new int[data.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = order.length - 1 - i;
            }
            for (int i = 0; i < 20_000; i++) {
                t.step(data, order, 0, count);
            }
            long allocated = Allocations.ofSteps(10_000, i -> t.step(data, order, 0, count));
            assertThat(allocated).as("%s (%s): bytes allocated by 10,000 steps", name, precision).isEqualTo(0L);
        }
    }

    /** The MNIST-shaped benchmark model: large enough that batches are split between two threads. */
    @Test
    void twoThreadsGiveTheSameNumbersAsOneAndAllocateNothing() throws IOException {
        Path file = Path.of("../benchmarks/src/main/gradus/mlp784.net");
        CheckedModel model = Frontend.check(new Source(file.toString(), Files.readString(file))).get(0);
        JavaFile java = Compiler.emit(model, "test.generated", Precision.FLOAT);
        System.setProperty("gradus.serial", "true");
        Trainer serial;
        try {
            serial = TrainerLoader.load(java, 64);
        } finally {
            System.clearProperty("gradus.serial");
        }
        Trainer parallel = TrainerLoader.load(java, 64);
        dev.gradus.runtime.Rng rng = new dev.gradus.runtime.Rng(3);
        double[][] x = new double[128][784];
        double[][] label = new double[128][1];
        for (int e = 0; e < 128; e++) {
            for (int k = 0; k < 784; k++) {
                x[e][k] = rng.normal(0, 1);
            }
            label[e][0] = rng.nextInt(10);
        }
        DataSet data = new DataSet(List.of("x", "label"), new double[][][] {x, label});
        for (int step = 0; step < 20; step++) {
            assertThat(parallel.step(data, null, (step % 2) * 64, 64)).isEqualTo(serial.step(data, null, (step % 2) * 64, 64));
        }
        for (TensorSpec p : serial.parameters()) {
            double[] a = new double[p.size()];
            double[] b = new double[p.size()];
            serial.getParameter(p.name(), a);
            parallel.getParameter(p.name(), b);
            assertThat(b).as(p.name()).containsExactly(a);
        }
        long allocated = Allocations.ofSteps(200, i -> parallel.step(data, null, (i % 2) * 64, 64));
        assertThat(allocated).as("bytes allocated by 200 two-thread steps").isZero();
    }

    @Test
    void saveAndLoadRoundTripAndAFailedSaveLeavesNothing(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Trainer t = trainer("simple_net", Precision.DOUBLE, 4);
        Path file = dir.resolve("p.safetensors");
        t.save(file);
        Trainer u = trainer("simple_net", Precision.DOUBLE, 4);
        u.initialize(99);
        u.load(file);
        double[] a = new double[10];
        double[] b = new double[10];
        t.getParameter("W1", a);
        u.getParameter("W1", b);
        assertThat(b).containsExactly(a);
        Path missing = dir.resolve("no/such/folder/p.safetensors");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.save(missing)).hasMessageContaining("cannot save");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(file);
        }
    }

    private static double relative(double a, double b) {
        return relative(a, b, 1e-6);
    }

    /** Relative to the expected value, but not below {@code floor}: values that trained to ~0 have no relative scale. */
    private static double relative(double a, double b, double floor) {
        return a == b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), floor);
    }

    private static String field(String json, String key) {
        JsonNode value = parse(json).get(key);
        if (value == null || !value.isNumber()) {
            throw new IllegalStateException("no number " + key);
        }
        return value.asText();
    }

    private static List<Double> numbers(String json, String key) {
        List<Double> out = new ArrayList<>();
        parse(json).path(key).forEach(v -> out.add(v.asDouble()));
        if (out.isEmpty()) {
            throw new IllegalStateException("no numbers " + key);
        }
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("not JSON: " + e.getMessage(), e);
        }
    }
}
