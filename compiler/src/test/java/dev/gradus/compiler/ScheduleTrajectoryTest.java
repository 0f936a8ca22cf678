package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.runtime.Csv;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.EpochResult;
import dev.gradus.runtime.Fit;
import dev.gradus.runtime.FitOptions;
import dev.gradus.runtime.FitResult;
import dev.gradus.runtime.LrSchedule;
import dev.gradus.runtime.Safetensors;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import dev.gradus.runtime.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every learning-rate schedule and both gradient clippings against PyTorch float64 trajectories
 * (src/test/python/make_schedule_refs.py): each epoch's learning rate and loss, and the final
 * parameters, within 1e-9.
 */
class ScheduleTrajectoryTest {
    private static final Path ROOT = Path.of("src/test/resources/schedules");

    @TestFactory
    Stream<DynamicTest> followsPyTorchUnderEveryScheduleAndClipping() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(ROOT)) {
            cases = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(12);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> check(c)));
    }

    private static void check(Path dir) throws IOException {
        JsonNode json = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        String net = Files.readString(ROOT.resolve("model.net")).replace("sgd(lr = 0.1, momentum = 0.5)",
                json.get("optimizer").asText());
        CheckedModel model = Frontend.check(new Source("model.net", net)).get(0);
        Trainer t = TrainerLoader.load(Compiler.emit(model, "test.generated", Precision.DOUBLE), model.train().batch());
        t.load(ROOT.resolve("init.safetensors"));
        List<TensorSpec> fields = new ArrayList<>(t.inputs());
        fields.addAll(t.targets());
        DataSet data = Csv.read(ROOT.resolve("data.csv"), fields);
        JsonNode schedule = json.get("schedule");
        FitOptions options = FitOptions.of(json.get("epochs").asInt(), json.get("batch").asInt(), false, 0)
                .withSchedule(schedule.isNull() ? null : LrSchedule.parse(schedule.asText()))
                .withClipNorm(json.get("clip_grad_norm").asDouble()).withClipValue(json.get("clip_grad_value").asDouble());
        FitResult r = Fit.run(t, data, null, options, model.train().optimizer().get("lr"), TrainingListener.NONE);
        JsonNode lrs = json.get("lr_log");
        JsonNode losses = json.get("loss_log");
        assertThat(r.epochs()).hasSize(losses.size());
        for (EpochResult e : r.epochs()) {
            double lr = lrs.get(e.epoch()).asDouble();
            double loss = losses.get(e.epoch()).asDouble();
            assertThat(relative(e.lr(), lr)).as("%s lr of epoch %d: %s vs %s", dir.getFileName(), e.epoch() + 1, e.lr(), lr)
                    .isLessThanOrEqualTo(1e-12);
            assertThat(relative(e.loss(), loss)).as("%s loss of epoch %d: %s vs %s", dir.getFileName(), e.epoch() + 1, e.loss(), loss)
                    .isLessThanOrEqualTo(1e-9);
        }
        Map<String, Safetensors.Entry> fin = Safetensors.read(dir.resolve("final.safetensors"));
        for (TensorSpec p : t.parameters()) {
            double[] got = new double[p.size()];
            t.getParameter(p.name(), got);
            double[] want = fin.get(p.name()).values();
            for (int k = 0; k < got.length; k++) {
                assertThat(Math.abs(got[k] - want[k]) / Math.max(1e-6, Math.abs(want[k])))
                        .as("%s final %s[%d]: %s vs %s", dir.getFileName(), p.name(), k, got[k], want[k]).isLessThanOrEqualTo(1e-9);
            }
        }
    }

    private static double relative(double a, double b) {
        return Math.abs(a - b) / Math.max(1e-12, Math.abs(b));
    }
}
