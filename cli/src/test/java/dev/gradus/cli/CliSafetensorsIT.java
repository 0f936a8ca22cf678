package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradus.runtime.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gradus's safetensors files against the official Python package: files the CLI saves load in
 * {@code safetensors.numpy}, and files it writes load in Gradus. Uses the Python given by
 * {@code -Dgradus.python=...} (default {@code python3}) and skips when it lacks {@code safetensors}
 * and {@code numpy} (e.g. {@code python3 -m venv /tmp/st && /tmp/st/bin/pip install safetensors numpy},
 * then {@code -Dgradus.python=/tmp/st/bin/python}).
 */
class CliSafetensorsIT {
    static final Path SCRIPT = CliEndToEndIT.ROOT.resolve("cli/src/test/python/safetensors_interop.py");
    static final String PYTHON = System.getProperty("gradus.python", "python3");

    record Result(int status, String out) {}

    static Result python(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "python", ".out");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        } catch (java.io.IOException e) {
            return new Result(-1, e.getMessage());
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(out));
    }

    @BeforeAll
    static void needsTheOfficialPackage(@TempDir Path tmp) throws Exception {
        Result probe = python(tmp, "-c", "import numpy, safetensors.numpy");
        Assumptions.assumeTrue(probe.status() == 0,
                "skipped: " + PYTHON + " has no safetensors/numpy (pip install safetensors numpy; -Dgradus.python=...): " + probe.out().strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"double", "float"})
    void filesGradusSavesLoadInPython(String precision, @TempDir Path tmp) throws Exception {
        Path saved = tmp.resolve("p.safetensors");
        CliEndToEndIT.Run r = CliEndToEndIT.gradus(CliEndToEndIT.ROOT, "train", "examples/xor_mlp.net", "--epochs", "2", "--quiet",
                "--precision", precision, "--save", saved.toString());
        assertThat(r.status()).as(r.err()).isZero();
        Result read = python(tmp, SCRIPT.toString(), "read", saved.toString());
        assertThat(read.status()).as(read.out()).isZero();
        JsonNode tensors = new ObjectMapper().readTree(read.out());
        Map<String, Safetensors.Entry> ours = Safetensors.read(saved);
        assertThat(tensors.size()).isEqualTo(ours.size());
        for (Map.Entry<String, Safetensors.Entry> e : ours.entrySet()) {
            JsonNode t = tensors.get(e.getKey());
            assertThat(t).as(e.getKey()).isNotNull();
            // a checkpoint's optimizer tensors (__optim__.*) are F64 in either precision
            assertThat(t.get("dtype").asText()).isEqualTo(precision.equals("double") || e.getKey().startsWith("__optim__.") ? "F64" : "F32");
            List<Integer> shape = new ArrayList<>();
            t.get("shape").forEach(n -> shape.add(n.asInt()));
            assertThat(shape).containsExactlyElementsOf(java.util.Arrays.stream(e.getValue().shape()).boxed().toList());
            double[] values = e.getValue().values();
            assertThat(t.get("values").size()).isEqualTo(values.length);
            for (int i = 0; i < values.length; i++) {
                assertThat(t.get("values").get(i).asDouble()).isEqualTo(values[i]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"F64", "F32"})
    void filesPythonWritesLoadInGradus(String dtype, @TempDir Path tmp) throws Exception {
        Path init = tmp.resolve("init.safetensors");
        Result wrote = python(tmp, SCRIPT.toString(), "write", init.toString(), dtype);
        assertThat(wrote.status()).as(wrote.out()).isZero();
        Map<String, Safetensors.Entry> read = Safetensors.read(init);
        assertThat(read.get("w").dtype()).isEqualTo(dtype);
        assertThat(read.get("w").shape()).containsExactly(1, 1);
        assertThat(read.get("w").values()).containsExactly(0.5);
        assertThat(read.get("b").values()).containsExactly(0.25);
        CliEndToEndIT.Run r = CliEndToEndIT.gradus(CliEndToEndIT.ROOT, "explain", "examples/linear.net", "--at", "x=[2],y=[4],w=[[0.5]],b=[0.25]");
        assertThat(r.status()).as(r.err()).isZero();
        CliEndToEndIT.Run train = CliEndToEndIT.gradus(CliEndToEndIT.ROOT, "train", "examples/linear.net", "--quiet", "--init", init.toString());
        assertThat(train.status()).as(train.err()).isZero();
    }
}
