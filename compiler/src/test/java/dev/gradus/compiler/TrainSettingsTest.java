package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gradus.compiler.diag.CompileException;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.ir.TrainConfig;
import dev.gradus.runtime.LrSchedule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The train block's schedule, clipping, early-stopping and validation settings, and their errors at FILE:LINE:COL. */
class TrainSettingsTest {
    private static String model(String settings) {
        return "model M {\n    input x\n    target y\n    param w\n    loss = (w * x - y) ^ 2\n    train {\n        " + settings
                + "\n    }\n}\n";
    }

    private static TrainConfig train(String settings) {
        return Frontend.check(new Source("m.net", model(settings))).get(0).train();
    }

    @Test
    void everySettingReachesTheTrainConfig() {
        TrainConfig t = train("schedule = multistep(30, 80, gamma = 0.5) clip_grad_norm = 1.5 clip_grad_value = 0.25\n"
                + "        patience = 4 min_delta = 0.001 val = \"val.csv\"");
        assertThat(t.schedule()).isInstanceOf(LrSchedule.MultiStep.class);
        assertThat(((LrSchedule.MultiStep) t.schedule()).milestones()).containsExactly(30, 80);
        assertThat(((LrSchedule.MultiStep) t.schedule()).gamma()).isEqualTo(0.5);
        assertThat(t.clipGradNorm()).isEqualTo(1.5);
        assertThat(t.clipGradValue()).isEqualTo(0.25);
        assertThat(t.patience()).isEqualTo(4);
        assertThat(t.minDelta()).isEqualTo(0.001);
        assertThat(t.val()).isEqualTo("val.csv");
        TrainConfig u = train("schedule = one_cycle(max_lr = 0.1, anneal_strategy = linear) val_split = 0.2");
        assertThat(u.schedule()).isEqualTo(new LrSchedule.OneCycle(0.1, 0.3, 25, 1e4, true));
        assertThat(u.valSplit()).isEqualTo(0.2);
        assertThat(train("epochs = 3").schedule()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "schedule = cosine(eta_min = 0.1)|m.net:7:20: error: cosine needs argument 'T_max' (cosine(T_max, eta_min))",
            "schedule = step(step_size = 0)|m.net:7:37: error: step's step_size must be an integer of at least 1, found 0",
            "schedule = warmup(5)|m.net:7:20: error: unknown schedule 'warmup'; schedules are step, multistep, exponential, cosine, linear, one_cycle, plateau",
            "schedule = plateau(factor = 2)|m.net:7:37: error: plateau's factor must be below 1, found 2",
            "schedule = one_cycle(max_lr = 0.1, anneal_strategy = cubic)|m.net:7:62: error: one_cycle's anneal_strategy must be \"cos\" or \"linear\", found 'cubic'",
            "schedule = 3|m.net:7:20: error: schedule must be a call like cosine(T_max = 10); schedules are step, multistep, exponential, cosine, linear, one_cycle, plateau",
            "clip_grad_norm = -1|m.net:7:26: error: clip_grad_norm must be positive, found -1",
            "patience = 2.5|m.net:7:20: error: patience must be a positive integer (epochs), found 2.5",
            "min_delta = 0.1|m.net:7:9: error: min_delta needs early stopping: set patience too",
            "val_split = 1|m.net:7:21: error: val_split must be between 0 and 1 (exclusive), found 1",
            "val = 3|m.net:7:15: error: val must be a file name in quotes, like val = \"val.csv\""})
    void badSettingsAreErrorsAtTheirPosition(String settings, String message) {
        CompileException e = catchThrowableOfType(CompileException.class, () -> train(settings));
        assertThat(e).isNotNull();
        assertThat(e.render()).startsWith(message + "\n");
    }
}
