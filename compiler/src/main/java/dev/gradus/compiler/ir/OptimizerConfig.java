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
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
