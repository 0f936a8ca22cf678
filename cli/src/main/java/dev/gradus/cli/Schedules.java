package dev.gradus.cli;

import dev.gradus.runtime.LrSchedule;
import java.util.Arrays;
import java.util.stream.Collectors;

/** A schedule as a user writes it. */
final class Schedules {
    private Schedules() {}

    static String text(LrSchedule s) {
        if (s instanceof LrSchedule.Step x) {
            return "step(step_size = " + x.stepSize() + ", gamma = " + n(x.gamma()) + ")";
        } else if (s instanceof LrSchedule.MultiStep x) {
            return "multistep(" + Arrays.stream(x.milestones()).mapToObj(String::valueOf).collect(Collectors.joining(", "))
                    + ", gamma = " + n(x.gamma()) + ")";
        } else if (s instanceof LrSchedule.Exponential x) {
            return "exponential(gamma = " + n(x.gamma()) + ")";
        } else if (s instanceof LrSchedule.Cosine x) {
            return "cosine(T_max = " + x.tMax() + ", eta_min = " + n(x.etaMin()) + ")";
        } else if (s instanceof LrSchedule.Linear x) {
            return "linear(start_factor = " + n(x.startFactor()) + ", end_factor = " + n(x.endFactor()) + ", total_iters = "
                    + x.totalIters() + ")";
        } else if (s instanceof LrSchedule.OneCycle x) {
            return "one_cycle(max_lr = " + n(x.maxLr()) + ", pct_start = " + n(x.pctStart()) + ", div_factor = " + n(x.divFactor())
                    + ", final_div_factor = " + n(x.finalDivFactor()) + (x.linear() ? ", anneal_strategy = \"linear\"" : "") + ")";
        }
        LrSchedule.Plateau x = (LrSchedule.Plateau) s;
        return "plateau(factor = " + n(x.factor()) + ", patience = " + x.patience() + ", threshold = " + n(x.threshold())
                + (x.absolute() ? ", threshold_mode = \"abs\"" : "") + ", cooldown = " + x.cooldown() + ", min_lr = " + n(x.minLr()) + ")";
    }

    /** A number without trailing zeros or exponent: 5, 0.0001. */
    static String n(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
