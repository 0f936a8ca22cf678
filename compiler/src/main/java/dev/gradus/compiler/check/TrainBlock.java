package dev.gradus.compiler.check;

import static dev.gradus.compiler.check.ModelScope.number;

import dev.gradus.compiler.diag.Diagnostics;
import dev.gradus.compiler.diag.Position;
import dev.gradus.compiler.diag.Suggestions;
import dev.gradus.compiler.ir.OptimizerConfig;
import dev.gradus.compiler.ir.TrainConfig;
import dev.gradus.compiler.parse.Ast;
import dev.gradus.compiler.parse.Ast.Expr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The settings of a {@code train} block: each known, given once, of the right kind and in range. */
final class TrainBlock {
    /** Every setting: the optimizer's and the data's here, the practitioner's ({@link TrainSettings}) after them. */
    private static final List<String> SETTINGS = settingNames();

    private static List<String> settingNames() {
        List<String> names = new ArrayList<>(List.of("data", "optimizer", "batch", "epochs", "shuffle", "seed"));
        names.addAll(TrainSettings.NAMES);
        names.add("metrics");
        return List.copyOf(names);
    }

    private final ModelScope scope;
    private final Diagnostics diagnostics;
    /** Each metric of the train block and where it is: the output it names, or null for the first output. */
    private final List<MetricAt> metricsAt = new ArrayList<>();

    private record MetricAt(String metric, String output, Position at) {}

    TrainBlock(ModelScope scope) {
        this.scope = scope;
        this.diagnostics = scope.diagnostics;
    }

    TrainConfig settings(Ast.TrainDecl t) {
        TrainConfig d = TrainConfig.defaults();
        String data = d.data();
        OptimizerConfig optimizer = d.optimizer();
        int batch = d.batch();
        int epochs = d.epochs();
        boolean shuffle = d.shuffle();
        long seed = d.seed();
        List<String> metrics = List.of();
        Map<String, Position> given = new HashMap<>();
        TrainSettings fit = new TrainSettings(diagnostics, scope::constant);
        for (Ast.Setting s : t.settings()) {
            Position first = given.putIfAbsent(s.name(), s.pos());
            if (first != null) {
                diagnostics.error(s.pos(), "'" + s.name() + "' is already set at line " + first.line());
                continue;
            }
            if (!SETTINGS.contains(s.name())) {
                diagnostics.error(s.pos(), "unknown train setting '" + s.name() + "'; settings are "
                        + String.join(", ", SETTINGS) + Suggestions.suggestion(s.name(), SETTINGS));
                continue;
            }
            if (TrainSettings.NAMES.contains(s.name())) {
                fit.add(s);
                continue;
            }
            if (s.name().equals("data")) {
                if (s.string() == null) {
                    diagnostics.error(s.expr().pos(), "data must be a file name in quotes, like data = \"train.csv\"");
                } else {
                    data = s.string();
                }
                continue;
            }
            if (s.string() != null) {
                diagnostics.error(s.pos(), s.name() + " takes a value, not a string");
                continue;
            }
            switch (s.name()) {
                case "optimizer" -> {
                    OptimizerConfig o = optimizer(s.expr());
                    if (o != null) {
                        optimizer = o;
                    }
                }
                case "batch" -> batch = orElse(scope.positiveInt(s.expr(), "batch"), batch);
                case "epochs" -> epochs = orElse(scope.positiveInt(s.expr(), "epochs"), epochs);
                case "shuffle" -> {
                    Boolean b = scope.bool(s.expr(), "shuffle");
                    shuffle = b == null ? shuffle : b;
                }
                case "metrics" -> metrics = metrics(s.expr());
                default -> {
                    Double v = scope.constant(s.expr(), "seed");
                    if (v != null && (v != Math.rint(v) || v < 0)) {
                        diagnostics.error(s.expr().pos(), "seed must be a non-negative integer, found " + number(v));
                    } else if (v != null) {
                        seed = v.longValue();
                    }
                }
            }
        }
        return fit.apply(new TrainConfig(data, optimizer, batch, epochs, shuffle, seed)).withMetrics(metrics);
    }

    /**
     * {@code metrics = [accuracy, mae(recon)]}: metric names, each alone (for the first output) or
     * applied to an output's name; {@link #checkMetricOutputs} checks the names once the outputs are known.
     */
    private List<String> metrics(Expr e) {
        List<Expr> items = e instanceof Ast.ListExpr l ? l.elements() : List.of(e);
        List<String> out = new ArrayList<>();
        for (Expr item : items) {
            String name = item instanceof Ast.Ref r ? r.name() : item instanceof Ast.Call c ? c.name() : null;
            if (name == null || !dev.gradus.runtime.Metrics.NAMES.contains(name)) {
                diagnostics.error(item.pos(), "metrics are " + String.join(", ", dev.gradus.runtime.Metrics.NAMES)
                        + ", alone or of an output, like metrics = [accuracy, mae(recon)]"
                        + (name == null ? "" : "; found '" + name + "'" + Suggestions.suggestion(name, dev.gradus.runtime.Metrics.NAMES)));
                continue;
            }
            if (item instanceof Ast.Call c) {
                if (c.args().size() != 1 || c.args().get(0).name() != null || !(c.args().get(0).value() instanceof Ast.Ref o)) {
                    diagnostics.error(c.pos(), name + "(...) takes the name of one output, like " + name + "(y_hat)");
                    continue;
                }
                out.add(name + "(" + o.name() + ")");
                metricsAt.add(new MetricAt(name, o.name(), o.pos()));
            } else {
                out.add(name);
                metricsAt.add(new MetricAt(name, null, item.pos()));
            }
        }
        return out;
    }

    /**
     * Every output the metrics name is one of {@code outputs}, and a metric alone has a first output
     * to score; which target each output is scored against is decided where the metrics are computed.
     */
    void checkMetricOutputs(List<String> outputs) {
        for (MetricAt m : metricsAt) {
            if (m.output() == null && outputs.isEmpty()) {
                diagnostics.error(m.at(), "metric '" + m.metric() + "' scores the first output, but the model declares none;"
                        + " add 'output NAME'");
            } else if (m.output() != null && !outputs.contains(m.output())) {
                diagnostics.error(m.at(), "'" + m.output() + "' is not an output"
                        + (outputs.isEmpty() ? " (the model declares none)" : "; outputs are " + String.join(", ", outputs)
                        + Suggestions.suggestion(m.output(), outputs)));
            }
        }
    }

    private OptimizerConfig optimizer(Expr e) {
        if (!(e instanceof Ast.Call c)) {
            diagnostics.error(e.pos(), "optimizer must be a call like sgd(lr = 0.01); optimizers are "
                    + String.join(", ", OptimizerConfig.SIGNATURES.keySet()));
            return null;
        }
        Map<String, Double> signature = OptimizerConfig.SIGNATURES.get(c.name());
        if (signature == null) {
            diagnostics.error(c.pos(), "unknown optimizer '" + c.name() + "'; optimizers are "
                    + String.join(", ", OptimizerConfig.SIGNATURES.keySet())
                    + Suggestions.suggestion(c.name(), OptimizerConfig.SIGNATURES.keySet()));
            return null;
        }
        List<String> names = new ArrayList<>(signature.keySet());
        List<String> optional = names.stream().filter(n -> signature.get(n) != null).toList();
        Map<String, Expr> bound = scope.bind(c.name(), c.pos(), names, c.args(), optional);
        if (bound == null) {
            return null;
        }
        Map<String, Double> hyper = new LinkedHashMap<>(signature);
        boolean ok = true;
        for (Map.Entry<String, Expr> a : bound.entrySet()) {
            Double v;
            if (a.getKey().equals("nesterov")) {
                Boolean b = scope.bool(a.getValue(), "nesterov");
                v = b == null ? null : b ? 1.0 : 0.0;
            } else {
                v = scope.constant(a.getValue(), c.name() + "'s " + a.getKey());
                if (v != null && v < 0) {
                    diagnostics.error(a.getValue().pos(), c.name() + "'s " + a.getKey() + " must not be negative, found "
                            + number(v));
                    v = null;
                } else if (v != null && a.getKey().startsWith("beta") && v >= 1) {
                    diagnostics.error(a.getValue().pos(), c.name() + "'s " + a.getKey() + " must be in [0, 1), found "
                            + number(v));
                    v = null;
                }
            }
            ok &= v != null;
            hyper.put(a.getKey(), v);
        }
        if (!ok) {
            return null;
        }
        if (c.name().equals("sgd") && hyper.get("nesterov") != 0 && (hyper.get("momentum") <= 0 || hyper.get("dampening") != 0)) {
            diagnostics.error(c.pos(), "sgd with nesterov = true needs momentum > 0 and dampening = 0");
            return null;
        }
        return new OptimizerConfig(c.name(), hyper);
    }

    private static int orElse(Integer v, int fallback) {
        return v == null ? fallback : v;
    }
}
