package dev.gradus.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A learning-rate schedule, named and parameterized as in {@code torch.optim.lr_scheduler}; an
 * {@link LrScheduler} steps it with PyTorch's exact arithmetic. {@link #of} builds one from a name
 * and arguments and is the single place their values are checked (the CLI and the train block use it).
 */
public sealed interface LrSchedule {

    /** The schedules by name, each with its arguments in order and their defaults (null: required). */
    Map<String, Map<String, Double>> SIGNATURES = Signatures.ALL;

    /** {@code StepLR(step_size, gamma=0.1)}: lr times gamma every step_size epochs. */
    record Step(int stepSize, double gamma) implements LrSchedule {}

    /** {@code MultiStepLR(milestones, gamma=0.1)}: lr times gamma at each milestone epoch. */
    record MultiStep(int[] milestones, double gamma) implements LrSchedule {}

    /** {@code ExponentialLR(gamma)}: lr times gamma every epoch. */
    record Exponential(double gamma) implements LrSchedule {}

    /** {@code CosineAnnealingLR(T_max, eta_min=0)}, PyTorch's recursive form. */
    record Cosine(int tMax, double etaMin) implements LrSchedule {}

    /** {@code LinearLR(start_factor=1/3, end_factor=1, total_iters=5)}: a linear warmup by epoch. */
    record Linear(double startFactor, double endFactor, int totalIters) implements LrSchedule {}

    /**
     * {@code OneCycleLR(max_lr, total_steps=epochs*steps_per_epoch, pct_start=0.3, anneal_strategy,
     * div_factor=25, final_div_factor=1e4, three_phase=False, cycle_momentum=False)}: stepped every batch.
     */
    record OneCycle(double maxLr, double pctStart, double divFactor, double finalDivFactor, boolean linear) implements LrSchedule {}

    /** {@code ReduceLROnPlateau(mode='min', factor=0.1, patience=10, threshold=1e-4, threshold_mode, cooldown=0, min_lr=0, eps=1e-8)}. */
    record Plateau(double factor, int patience, double threshold, boolean absolute, int cooldown, double minLr, double eps)
            implements LrSchedule {}

    /**
     * The schedule {@code name} with these arguments: {@code positional} in order, then {@code named}
     * (multistep takes its milestones positionally: {@code multistep(30, 80, gamma = 0.1)}). Strings
     * are allowed only for anneal_strategy and threshold_mode.
     *
     * @throws IllegalArgumentException with a message for the user when a name or value is wrong
     */
    static LrSchedule of(String name, List<Object> positional, Map<String, Object> named) {
        return new ScheduleArguments(name, positional, named).build();
    }

    /** Parses {@code cosine(T_max = 10, eta_min = 0.001)} as written on a command line. */
    static LrSchedule parse(String text) {
        String t = text.trim();
        int open = t.indexOf('(');
        String name = (open < 0 ? t : t.substring(0, open)).trim().toLowerCase(Locale.ROOT);
        List<Object> positional = new ArrayList<>();
        Map<String, Object> named = new LinkedHashMap<>();
        if (open >= 0) {
            if (!t.endsWith(")")) {
                throw new IllegalArgumentException("'" + text + "' does not end with ')'");
            }
            String inner = t.substring(open + 1, t.length() - 1).trim();
            if (!inner.isEmpty()) {
                for (String part : inner.split(",")) {
                    int eq = part.indexOf('=');
                    String value = (eq < 0 ? part : part.substring(eq + 1)).trim();
                    Object v = value(value);
                    if (eq < 0) {
                        if (!named.isEmpty()) {
                            throw new IllegalArgumentException("'" + value + "': a positional argument after a named one");
                        }
                        positional.add(v);
                    } else if (named.put(part.substring(0, eq).trim(), v) != null) {
                        throw new IllegalArgumentException("'" + part.substring(0, eq).trim() + "' is given twice");
                    }
                }
            }
        }
        return of(name, positional, named);
    }

    private static Object value(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("an empty argument");
        }
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        if (s.equals("true") || s.equals("false")) {
            return s.equals("true") ? 1.0 : 0.0;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            if (Character.isLetter(s.charAt(0))) {
                return s;
            }
            throw new IllegalArgumentException("'" + s + "' is not a number");
        }
    }
}
