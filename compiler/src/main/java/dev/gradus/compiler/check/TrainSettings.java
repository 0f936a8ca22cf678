package dev.gradus.compiler.check;

import dev.gradus.compiler.diag.Diagnostics;
import dev.gradus.compiler.diag.Suggestions;
import dev.gradus.compiler.ir.TrainConfig;
import dev.gradus.compiler.parse.Ast;
import dev.gradus.runtime.LrSchedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The train block's settings for how a run goes beyond the optimizer: {@code schedule},
 * {@code clip_grad_norm}, {@code clip_grad_value}, {@code patience}, {@code min_delta}, {@code val}
 * and {@code val_split}. The checker hands each such setting to {@link #add} and its finished
 * settings to {@link #apply}; errors are reported at the setting or argument they are about.
 * Schedules are checked by {@link LrSchedule#of}, the same check the command line's --schedule gets.
 */
public final class TrainSettings {
    /** The settings this class checks. */
    public static final List<String> NAMES = List.of("schedule", "clip_grad_norm", "clip_grad_value", "patience", "min_delta",
            "val", "val_split");

    private final Diagnostics diagnostics;
    private final BiFunction<Ast.Expr, String, Double> constant;
    private LrSchedule schedule;
    private double clipGradNorm;
    private double clipGradValue;
    private int patience;
    private double minDelta;
    private Ast.Setting minDeltaAt;
    private String val;
    private double valSplit;
    private Ast.Setting valAt;
    private Ast.Setting valSplitAt;

    /**
     * @param constant the checker's evaluator of compile-time constant expressions: the value, or
     *        null after it reported an error; its second argument names the value for messages
     */
    public TrainSettings(Diagnostics diagnostics, BiFunction<Ast.Expr, String, Double> constant) {
        this.diagnostics = diagnostics;
        this.constant = constant;
    }

    /** Checks one setting named in {@link #NAMES} (not given before). */
    public void add(Ast.Setting s) {
        if (s.name().equals("val")) {
            if (s.string() == null) {
                diagnostics.error(s.expr().pos(), "val must be a file name in quotes, like val = \"val.csv\"");
            } else {
                val = s.string();
                valAt = s;
            }
            return;
        }
        if (s.string() != null) {
            diagnostics.error(s.pos(), s.name() + " takes a value, not a string");
            return;
        }
        switch (s.name()) {
            case "schedule" -> schedule = schedule(s.expr());
            case "clip_grad_norm", "clip_grad_value" -> {
                Double v = constant.apply(s.expr(), s.name());
                if (v != null && !(v > 0)) {
                    diagnostics.error(s.expr().pos(), s.name() + " must be positive, found " + ModelScope.number(v));
                } else if (v != null && s.name().equals("clip_grad_norm")) {
                    clipGradNorm = v;
                } else if (v != null) {
                    clipGradValue = v;
                }
            }
            case "patience" -> {
                Double v = constant.apply(s.expr(), "patience");
                if (v != null && (v != Math.rint(v) || v < 1 || v > Integer.MAX_VALUE)) {
                    diagnostics.error(s.expr().pos(), "patience must be a positive integer (epochs), found " + ModelScope.number(v));
                } else if (v != null) {
                    patience = v.intValue();
                }
            }
            case "min_delta" -> {
                Double v = constant.apply(s.expr(), "min_delta");
                if (v != null && v < 0) {
                    diagnostics.error(s.expr().pos(), "min_delta must not be negative, found " + ModelScope.number(v));
                } else if (v != null) {
                    minDelta = v;
                    minDeltaAt = s;
                }
            }
            default -> {
                Double v = constant.apply(s.expr(), "val_split");
                if (v != null && !(v > 0 && v < 1)) {
                    diagnostics.error(s.expr().pos(), "val_split must be between 0 and 1 (exclusive), found " + ModelScope.number(v));
                } else if (v != null) {
                    valSplit = v;
                    valSplitAt = s;
                }
            }
        }
    }

    /** {@code base} with these settings, after the checks that need all of them. */
    public TrainConfig apply(TrainConfig base) {
        if (minDeltaAt != null && patience == 0) {
            diagnostics.error(minDeltaAt.pos(), "min_delta needs early stopping: set patience too");
        }
        if (valAt != null && valSplitAt != null) {
            diagnostics.error(valSplitAt.pos(), "val and val_split are both set (val at line " + valAt.pos().line()
                    + "); choose one");
        }
        return base.withFitSettings(schedule, clipGradNorm, clipGradValue, patience, minDelta, val, valSplit);
    }

    private LrSchedule schedule(Ast.Expr e) {
        if (!(e instanceof Ast.Call c)) {
            if (e instanceof Ast.Ref r && r.name().equals("none")) {
                return null;
            }
            diagnostics.error(e.pos(), "schedule must be a call like cosine(T_max = 10); schedules are "
                    + String.join(", ", LrSchedule.SIGNATURES.keySet()));
            return null;
        }
        List<Object> positional = new ArrayList<>();
        Map<String, Object> named = new LinkedHashMap<>();
        for (Ast.Arg a : c.args()) {
            Object v;
            if (a.value() instanceof Ast.Ref r && (a.name() != null && (a.name().equals("anneal_strategy")
                    || a.name().equals("threshold_mode")))) {
                v = r.name();
            } else {
                v = constant.apply(a.value(), c.name() + "'s " + (a.name() == null ? "argument" : a.name()));
                if (v == null) {
                    return null;
                }
            }
            if (a.name() == null) {
                if (!named.isEmpty()) {
                    diagnostics.error(a.pos(), "a positional argument after a named one");
                    return null;
                }
                positional.add(v);
            } else if (named.put(a.name(), v) != null) {
                diagnostics.error(a.pos(), "'" + a.name() + "' is given twice");
                return null;
            }
        }
        try {
            return LrSchedule.of(c.name(), positional, named);
        } catch (IllegalArgumentException ex) {
            diagnostics.error(at(c, ex.getMessage()), ex.getMessage() + scheduleHint(c.name()));
            return null;
        }
    }

    /** "; did you mean 'cosine'?" for a schedule name that is none, else "": the train block's and --schedule's hint. */
    public static String scheduleHint(String name) {
        return LrSchedule.SIGNATURES.containsKey(name) ? "" : Suggestions.suggestion(name, LrSchedule.SIGNATURES.keySet());
    }

    /** The argument a message is about (it names it as "NAME's ARG" or "'ARG'"), else the call. */
    private static dev.gradus.compiler.diag.Position at(Ast.Call c, String message) {
        for (Ast.Arg a : c.args()) {
            if (a.name() != null && (message.contains("'s " + a.name() + " ") || message.contains("'" + a.name() + "'"))) {
                return a.value().pos();
            }
        }
        if (message.contains("milestones")) {
            for (Ast.Arg a : c.args()) {
                if (a.name() == null) {
                    return a.value().pos();
                }
            }
        }
        return c.pos();
    }

}
