package dev.gradus.compiler.ir;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer and all its hyper-parameters (defaults filled in), named as in {@code torch.optim}.
 * Booleans ({@code nesterov}) are 0 or 1.
 */
public record OptimizerConfig(String name, Map<String, Double> hyper) {

    /** The optimizers of the language, each with its hyper-parameters in order and their defaults (null: required). */
    public static final Map<String, Map<String, Double>> SIGNATURES = signatures();

    private static Map<String, Map<String, Double>> signatures() {
        Map<String, Map<String, Double>> s = new LinkedHashMap<>();
        s.put("sgd", ordered(List.of("lr", "momentum", "dampening", "weight_decay", "nesterov"),
                new Double[] {null, 0.0, 0.0, 0.0, 0.0}));
        s.put("adam", ordered(List.of("lr", "beta1", "beta2", "eps", "weight_decay"),
                new Double[] {0.001, 0.9, 0.999, 1e-8, 0.0}));
        s.put("adamw", ordered(List.of("lr", "beta1", "beta2", "eps", "weight_decay"),
                new Double[] {0.001, 0.9, 0.999, 1e-8, 0.01}));
        s.put("rmsprop", ordered(List.of("lr", "alpha", "eps", "momentum", "weight_decay"),
                new Double[] {0.01, 0.99, 1e-8, 0.0, 0.0}));
        return s;
    }

    private static Map<String, Double> ordered(List<String> names, Double[] defaults) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), defaults[i]);
        }
        return m;
    }

    public static OptimizerConfig defaultSgd() {
        Map<String, Double> h = new LinkedHashMap<>(SIGNATURES.get("sgd"));
        h.put("lr", 0.01);
        return new OptimizerConfig("sgd", h);
    }

    /**
     * The one rule for an optimizer hyper-parameter's value, wherever it comes from (a train block,
     * the command line): null when {@code value} is valid for {@code key} of {@code optimizer}, else
     * the message, as {@code "adam's beta1 must be in [0, 1), found 1.5"}. As {@code torch.optim}:
     * every value is a finite number that is not negative, and a beta is below 1.
     * {@code nesterov} is 0 or 1.
     */
    public static String problem(String optimizer, String key, double value) {
        String what = optimizer + "'s " + key;
        if (!Double.isFinite(value)) {
            return what + " must be a finite number, found " + value;
        }
        if (key.equals("nesterov")) {
            return value == 0 || value == 1 ? null : what + " must be true or false";
        }
        if (value < 0) {
            return what + " must not be negative, found " + number(value);
        }
        if (key.startsWith("beta") && value >= 1) {
            return what + " must be in [0, 1), found " + number(value);
        }
        return null;
    }

    /**
     * The first problem of this configuration: a value {@link #problem(String, String, double)}
     * refuses, or a combination {@code torch.optim} refuses (sgd's nesterov without momentum or
     * with dampening); null when every setting is valid.
     */
    public String problem() {
        for (Map.Entry<String, Double> e : hyper.entrySet()) {
            if (e.getValue() == null) {
                return name + "'s " + e.getKey() + " must be given";
            }
            String p = problem(name, e.getKey(), e.getValue());
            if (p != null) {
                return p;
            }
        }
        if (name.equals("sgd") && hyper.get("nesterov") != 0 && (hyper.get("momentum") <= 0 || hyper.get("dampening") != 0)) {
            return "sgd with nesterov = true needs momentum > 0 and dampening = 0";
        }
        return null;
    }

    private static String number(double v) {
        return dev.gradus.runtime.Numbers.written(v); // as a .net file writes it: 0.0001, 1e-6, not Java's 1.0E-4
    }

    /** How many buffers of each parameter's size the optimizer keeps: momentum, Adam's m and v, RMSprop's average. */
    public int stateBuffers() {
        return switch (name) {
            case "sgd" -> get("momentum") != 0 ? 1 : 0;
            case "rmsprop" -> get("momentum") != 0 ? 2 : 1;
            default -> 2;
        };
    }

    public double get(String key) {
        return hyper.get(key);
    }

    /** A copy with another learning rate. */
    public OptimizerConfig withLr(double lr) {
        Map<String, Double> h = new LinkedHashMap<>(hyper);
        h.put("lr", lr);
        return new OptimizerConfig(name, h);
    }

    /** {@code sgd(lr = 0.01, momentum = 0.9)}: the optimizer as a user writes it, defaults left out. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name).append('(');
        String sep = "";
        for (Map.Entry<String, Double> e : hyper.entrySet()) {
            Double def = SIGNATURES.get(name).get(e.getKey());
            if (def == null || !def.equals(e.getValue())) {
                s.append(sep).append(e.getKey()).append(" = ").append(format(e.getKey(), e.getValue()));
                sep = ", ";
            }
        }
        return s.append(')').toString();
    }

    private static String format(String key, double v) {
        if (key.equals("nesterov")) {
            return v != 0 ? "true" : "false";
        }
        return number(v);
    }
}
