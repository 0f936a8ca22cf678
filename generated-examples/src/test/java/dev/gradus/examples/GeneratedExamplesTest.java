package dev.gradus.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.gradus.runtime.Csv;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Safetensors;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import dev.gradus.runtime.TrainingListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trainers the Maven plugin generated from ../examples, compiled into this module as into a
 * user's project: they follow PyTorch's numbers, and their sources match the committed snapshots.
 */
class GeneratedExamplesTest {
    private static final Path GENERATED = Path.of("target/generated-sources/gradus");
    private static final Path SNAPSHOTS = Path.of("snapshots");

    /** The project's PyTorch references for the example models (reference/ at the repository root). */
    private static final Path REFERENCE = Path.of("../reference");

    static Trainer trainer(String name) {
        return switch (name) {
            case "simple_net" -> new SimpleNet();
            case "linear" -> new Linear();
            case "xor_sigmoid" -> new XorSigmoid();
            case "xor_mlp" -> new XorMlp();
            case "softmax_classifier" -> new SoftmaxClassifier();
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple_net", "linear", "xor_sigmoid", "xor_mlp", "softmax_classifier"})
    void followsPyTorch(String name) throws IOException {
        Path ref = name.equals("softmax_classifier") ? Path.of("src/test/resources/reference", name)
                : REFERENCE.resolve(name);
        Trainer t = trainer(name);
        JsonNode expected = json(ref.resolve("expected.json"));
        int epochs = expected.get("epochs").asInt();
        int batch = expected.get("batch").asInt();
        t.load(ref.resolve("init.safetensors"));
        List<TensorSpec> fields = new ArrayList<>(t.inputs());
        fields.addAll(t.targets());
        DataSet data = Csv.read(ref.resolve("data.csv"), fields);
        double[] log = t.fit(data, epochs, batch, false, 0, TrainingListener.NONE);
        List<Double> want = new ArrayList<>();
        expected.get("loss_log").forEach(v -> want.add(v.asDouble()));
        assertThat(log).hasSize(want.size());
        for (int e = 0; e < log.length; e++) {
            assertThat(Math.abs(log[e] - want.get(e)) / Math.abs(want.get(e))).as("%s epoch %d", name, e + 1).isLessThanOrEqualTo(1e-9);
        }
        Map<String, Safetensors.Entry> fin = Safetensors.read(ref.resolve("final.safetensors"));
        for (TensorSpec p : t.parameters()) {
            double[] got = new double[p.size()];
            t.getParameter(p.name(), got);
            double[] exp = fin.get(p.name()).values();
            for (int k = 0; k < got.length; k++) {
                assertThat(Math.abs(got[k] - exp[k]) / Math.max(Math.abs(exp[k]), 1e-6)).as("%s %s[%d]", name, p.name(), k)
                        .isLessThanOrEqualTo(1e-9);
            }
        }
    }

    @Test
    void fitWithTheModelsOwnSettingsIsTheTrainBlock() {
        DataSet data = new DataSet(List.of("x", "y"), new double[][][] {{{1}, {2}, {3}, {4}}, {{2}, {4}, {6}, {8}}});
        double[] own = new SimpleNet().fit(data, 100, TrainingListener.NONE);
        double[] explicit = new SimpleNet().fit(data, 100, 4, false, 0, TrainingListener.NONE); // simple_net.net's train block
        assertThat(own).containsExactly(explicit);
        // a trainer made for 2 examples refuses the model's batch of 4: it trained with 2, silently
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SimpleNet(2).fit(data, 1, TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("new SimpleNet(4)");
    }

    @Test
    void theScalarCaseGivesTheTutorialsGradient() throws IOException {
        Scalar s = new Scalar();
        DataSet one = new DataSet(List.of("x", "y"), new double[][][] {{{1}}, {{2}}});
        double loss = s.lossAndGradient(one, null, 0, 1);
        double[] dw = new double[1];
        s.getGradient("w", dw);
        JsonNode expected = json(REFERENCE.resolve("scalar/expected.json"));
        assertThat(loss).isEqualTo(expected.get("loss").asDouble());
        assertThat(dw[0]).isEqualTo(expected.get("dloss_dw").asDouble());
    }

    @Test
    void theGeneratedSourcesMatchTheCommittedSnapshots() throws IOException {
        List<Path> generated;
        try (Stream<Path> s = Files.walk(GENERATED)) {
            generated = s.filter(p -> p.toString().endsWith(".java")).map(GENERATED::relativize).sorted().toList();
        }
        assertThat(generated).hasSizeGreaterThanOrEqualTo(6);
        if (Boolean.getBoolean("gradus.update")) {
            for (Path p : generated) {
                Files.createDirectories(SNAPSHOTS.resolve(p).getParent());
                Files.copy(GENERATED.resolve(p), SNAPSHOTS.resolve(p), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<Path> snapshots;
        try (Stream<Path> s = Files.walk(SNAPSHOTS)) {
            snapshots = s.filter(p -> p.toString().endsWith(".java")).map(SNAPSHOTS::relativize).sorted().toList();
        }
        assertThat(snapshots).as("snapshots (rewrite with mvn verify -Dgradus.update=true)").isEqualTo(generated);
        for (Path p : generated) {
            assertThat(Files.readString(GENERATED.resolve(p), StandardCharsets.UTF_8))
                    .as("%s differs from its snapshot (rewrite with mvn verify -Dgradus.update=true, then review the diff)", p)
                    .isEqualTo(Files.readString(SNAPSHOTS.resolve(p), StandardCharsets.UTF_8));
        }
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }
}
