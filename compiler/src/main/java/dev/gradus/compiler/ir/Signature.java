package dev.gradus.compiler.ir;

import java.util.List;
import java.util.Map;

/**
 * How users call a function: its name, its parameters in order, the defaults of the optional
 * ones, and which parameters must be compile-time constants (an axis, a slope). Each op that users
 * call carries its own; the checker binds calls with it and {@code docs/LANGUAGE.md} lists it.
 */
public record Signature(String name, List<String> params, Map<String, Double> defaults, List<String> constants,
                        List<String> optional, Map<String, String> defaultsTo) {

    public Signature {
        params = List.copyOf(params);
        defaults = Map.copyOf(defaults);
        constants = List.copyOf(constants);
        optional = List.copyOf(optional);
        defaultsTo = Map.copyOf(defaultsTo);
        for (String d : defaults.keySet()) {
            if (!params.contains(d)) {
                throw new IllegalArgumentException(name + " has a default for '" + d + "', not a parameter");
            }
        }
    }

    /** A function of tensor arguments only, none optional. */
    public static Signature of(String name, String... params) {
        return new Signature(name, List.of(params), Map.of(), List.of(), List.of(), Map.of());
    }

    /** The same, with one more compile-time constant parameter and its default (null: required). */
    public Signature withConstant(String param, Double defaultValue) {
        List<String> ps = new java.util.ArrayList<>(params);
        ps.add(param);
        Map<String, Double> ds = new java.util.HashMap<>(defaults);
        if (defaultValue != null) {
            ds.put(param, defaultValue);
        }
        List<String> cs = new java.util.ArrayList<>(constants);
        cs.add(param);
        return new Signature(name, ps, ds, cs, optional, defaultsTo);
    }

    /** The same, with a tensor parameter that calls may leave out ({@code conv2d}'s bias). */
    public Signature withOptional(String param) {
        List<String> os = new java.util.ArrayList<>(optional);
        os.add(param);
        return new Signature(name, params, defaults, constants, os, defaultsTo);
    }

    /** The same, with one more compile-time constant whose default is another's value ({@code stride = k}). */
    public Signature withConstantDefaultingTo(String param, String other) {
        Signature s = withConstant(param, null);
        Map<String, String> to = new java.util.HashMap<>(defaultsTo);
        to.put(param, other);
        return new Signature(name, s.params, defaults, s.constants, optional, to);
    }

    /** The parameters a call may leave out. */
    public java.util.Set<String> omissible() {
        java.util.Set<String> o = new java.util.HashSet<>(defaults.keySet());
        o.addAll(optional);
        o.addAll(defaultsTo.keySet());
        return o;
    }

    /** {@code leaky_relu(x, slope = 0.01)}, as the language reference writes it. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name).append('(');
        for (int i = 0; i < params.size(); i++) {
            String p = params.get(i);
            s.append(i > 0 ? ", " : "").append(p);
            if (defaultsTo.containsKey(p)) {
                s.append(" = ").append(defaultsTo.get(p));
            } else if (defaults.containsKey(p)) {
                double d = defaults.get(p);
                s.append(" = ").append(d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d));
            }
        }
        return s.append(')').toString();
    }
}
