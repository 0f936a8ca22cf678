package dev.gradus.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Binds and checks a schedule's arguments; every message names the schedule and the argument. */
final class ScheduleArguments {
    private final String name;
    private final List<Object> positional;
    private final Map<String, Object> named;
    private final Map<String, Double> signature;

    ScheduleArguments(String name, List<Object> positional, Map<String, Object> named) {
        this.name = name;
        this.positional = positional;
        this.named = named;
        this.signature = Signatures.ALL.get(name);
        if (signature == null) {
            throw new IllegalArgumentException("unknown schedule '" + name + "'; schedules are "
                    + String.join(", ", Signatures.ALL.keySet()));
        }
        for (String key : named.keySet()) {
            if (!signature.containsKey(key)) {
                throw new IllegalArgumentException(name + " has no argument '" + key + "'; its arguments are "
                        + (name.equals("multistep") ? "milestones (positional), " : "") + String.join(", ", signature.keySet()));
            }
        }
    }

    LrSchedule build() {
        return switch (name) {
            case "step" -> new LrSchedule.Step(count("step_size", 1), positive("gamma"));
            case "multistep" -> new LrSchedule.MultiStep(milestones(), positive("gamma"));
            case "exponential" -> new LrSchedule.Exponential(positive("gamma"));
            case "cosine" -> new LrSchedule.Cosine(count("T_max", 1), nonNegative("eta_min"));
            case "linear" -> {
                double start = unit("start_factor");
                if (start == 0) {
                    throw new IllegalArgumentException("linear's start_factor must be above 0 (PyTorch divides by it), found 0");
                }
                yield new LrSchedule.Linear(start, unit("end_factor"), count("total_iters", 1));
            }
            case "one_cycle" -> {
                double pct = unit("pct_start");
                if (pct == 0 || pct == 1) {
                    throw new IllegalArgumentException("one_cycle's pct_start must be strictly between 0 and 1, found " + Numbers.written(pct));
                }
                yield new LrSchedule.OneCycle(positive("max_lr"), pct, positive("div_factor"), positive("final_div_factor"),
                        choice("anneal_strategy", "cos", "linear").equals("linear"));
            }
            default -> {
                double factor = nonNegative("factor");
                if (factor >= 1) {
                    throw new IllegalArgumentException("plateau's factor must be below 1, found " + Numbers.written(factor));
                }
                yield new LrSchedule.Plateau(factor, count("patience", 0), nonNegative("threshold"),
                        choice("threshold_mode", "rel", "abs").equals("abs"), count("cooldown", 0), nonNegative("min_lr"),
                        nonNegative("eps"));
            }
        };
    }

    private int[] milestones() {
        if (positional.isEmpty()) {
            throw new IllegalArgumentException("multistep needs its milestone epochs, like multistep(30, 80, gamma = 0.1)");
        }
        int[] out = new int[positional.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = integer("milestones", positional.get(i), 1);
            if (i > 0 && out[i] <= out[i - 1]) {
                throw new IllegalArgumentException("multistep's milestones must increase, found " + out[i - 1] + " then " + out[i]);
            }
        }
        return out;
    }

    private Object raw(String key) {
        List<String> keys = new ArrayList<>(signature.keySet());
        int index = keys.indexOf(key);
        if (!name.equals("multistep") && index < positional.size()) {
            if (named.containsKey(key)) {
                throw new IllegalArgumentException(name + "'s " + key + " is given twice");
            }
            return positional.get(index);
        }
        Object v = named.get(key);
        if (v == null && signature.get(key) == null) {
            throw new IllegalArgumentException(name + " needs argument '" + key + "' (" + name + "("
                    + String.join(", ", keys) + "))");
        }
        return v;
    }

    private double number(String key) {
        if (!name.equals("multistep") && positional.size() > signature.size()) {
            throw new IllegalArgumentException(name + " takes at most " + signature.size() + " arguments, found " + positional.size());
        }
        Object v = raw(key);
        if (v == null) {
            return signature.get(key);
        }
        if (!(v instanceof Double d)) {
            throw new IllegalArgumentException(name + "'s " + key + " must be a number, found '" + v + "'");
        }
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(name + "'s " + key + " must be finite, found " + d);
        }
        return d;
    }

    private double nonNegative(String key) {
        double v = number(key);
        if (v < 0) {
            throw new IllegalArgumentException(name + "'s " + key + " must not be negative, found " + Numbers.written(v));
        }
        return v;
    }

    private double positive(String key) {
        double v = number(key);
        if (v <= 0) {
            throw new IllegalArgumentException(name + "'s " + key + " must be positive, found " + Numbers.written(v));
        }
        return v;
    }

    private double unit(String key) {
        double v = number(key);
        if (v < 0 || v > 1) {
            throw new IllegalArgumentException(name + "'s " + key + " must be in [0, 1], found " + Numbers.written(v));
        }
        return v;
    }

    private int count(String key, int min) {
        Object v = raw(key);
        return v == null ? signature.get(key).intValue() : integer(key, v, min);
    }

    private int integer(String key, Object v, int min) {
        if (!(v instanceof Double d) || d != Math.rint(d) || d < min || d > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + "'s " + key + " must be an integer of at least " + min + ", found "
                    + (v instanceof Double d ? Numbers.written(d) : "'" + v + "'"));
        }
        return d.intValue();
    }

    private String choice(String key, String first, String second) {
        Object v = raw(key);
        if (v == null) {
            return first;
        }
        if (!first.equals(v) && !second.equals(v)) {
            throw new IllegalArgumentException(name + "'s " + key + " must be \"" + first + "\" or \"" + second + "\", found "
                    + (v instanceof Double d ? Numbers.written(d) : "'" + v + "'"));
        }
        return (String) v;
    }
}
