package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.EarlyStopping;
import dev.gradus.runtime.Fit;
import dev.gradus.runtime.FitOptions;
import dev.gradus.runtime.LrSchedule;
import dev.gradus.runtime.Rng;
import dev.gradus.runtime.Trainer;
import dev.gradus.runtime.TrainingListener;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Fit's steps (checked for non-finite values, clipped, scheduled) allocate nothing: a run of many
 * steps allocates as much as a run of few with the same number of epochs; and the one-call predict.
 */
class FitAllocationTest {

    @Test
    void aCheckedClippedScheduledStepAllocatesNothing() throws IOException {
        Path file = Path.of("../examples/xor_mlp.net");
        CheckedModel model = Frontend.check(new Source(file.toString(), Files.readString(file))).get(0);
        Trainer t = TrainerLoader.load(Compiler.emit(model, "test.generated", Precision.DOUBLE), 1);
        FitOptions options = FitOptions.of(3, 1, true, 1).withSchedule(LrSchedule.parse("one_cycle(max_lr = 0.05)"))
                .withClipNorm(0.5).withClipValue(0.1).withKeepLastGood(true).withEarlyStopping(new EarlyStopping(5, 0, true));
        DataSet few = DataSet.random(t.inputs(), t.targets(), 10, new Rng(1));
        DataSet many = DataSet.random(t.inputs(), t.targets(), 2010, new Rng(2));
        for (int i = 0; i < 5; i++) {
            allocated(t, few, options);
            allocated(t, many, options);
        }
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            least = Math.min(least, allocated(t, many, options) - allocated(t, few, options));
        }
        assertThat(least).as("bytes allocated by 6,000 more steps").isLessThanOrEqualTo(0L);
    }

    private static long allocated(Trainer t, DataSet data, FitOptions options) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        Fit.run(t, data, null, options, 0.01, TrainingListener.NONE);
        return threads.getThreadAllocatedBytes(id) - before - 4L * data.size(); // the shuffle order is one int a example
    }

    @Test
    void oneCallPredictsOneExample() throws IOException {
        Path file = Path.of("../examples/softmax_classifier.net");
        CheckedModel model = Frontend.check(new Source(file.toString(), Files.readString(file))).get(0);
        Trainer t = TrainerLoader.load(Compiler.emit(model, "test.generated", Precision.DOUBLE), 4);
        double[] x = {1.7953, 0.4091, -0.1809, 0.7479};
        double[] logits = t.predict(x);
        double[] expected = new double[3];
        t.predict(new DataSet(java.util.List.of("x"), new double[][][] {{x}}), 0, expected);
        assertThat(logits).containsExactly(expected);
        assertThat(Trainer.argmax(logits)).isBetween(0, 2);
        assertThat(t.targets().get(0).classes()).isEqualTo(3);
    }
}
