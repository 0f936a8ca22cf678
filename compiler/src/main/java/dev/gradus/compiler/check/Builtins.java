package dev.gradus.compiler.check;

import dev.gradus.compiler.ir.Binary;
import dev.gradus.compiler.ir.LinAlg;
import dev.gradus.compiler.ir.Parametric;
import dev.gradus.compiler.ir.Unary;
import dev.gradus.compiler.ir.VectorOp;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions users call, with their parameters in order and the defaults of the optional ones.
 * Where a function is one op, its name comes from the op's definition ({@link Unary}, {@link Binary},
 * {@link VectorOp}, {@link LinAlg}, {@link Parametric}), so a new elementwise op is callable as soon
 * as it is defined; reductions and losses, which are built from several ops, are listed here.
 */
final class Builtins {
    private Builtins() {}

    /** Parameter names of every function. */
    static final Map<String, List<String>> FUNCTIONS = new LinkedHashMap<>();

    /** Defaults of optional parameters, by {@code function.parameter}; each must be a compile-time constant. */
    static final Map<String, Double> DEFAULTS = new HashMap<>();

    /** Parameters of built-in functions that must be compile-time constants. */
    static final List<String> CONSTANT_PARAMS = List.of("slope", "alpha", "axis", "delta");

    static {
        for (Unary u : Unary.values()) {
            if (u.builtin()) {
                FUNCTIONS.put(u.fn(), List.of("x"));
            }
        }
        FUNCTIONS.put("leaky_relu", List.of("x", "slope"));
        DEFAULTS.put("leaky_relu.slope", Parametric.LeakyRelu.DEFAULT_SLOPE);
        FUNCTIONS.put("elu", List.of("x", "alpha"));
        DEFAULTS.put("elu.alpha", Parametric.Elu.DEFAULT_ALPHA);
        for (Binary b : Binary.values()) {
            if (b.builtin()) {
                FUNCTIONS.put(b.fn(), List.of("a", "b"));
            }
        }
        FUNCTIONS.put(LinAlg.DOT.label(), List.of("a", "b"));
        FUNCTIONS.put(LinAlg.OUTER.label(), List.of("a", "b"));
        FUNCTIONS.put(LinAlg.TRANSPOSE.label(), List.of("A"));
        FUNCTIONS.put("sum", List.of("x", "axis"));
        DEFAULTS.put("sum.axis", -1.0);
        FUNCTIONS.put("mean", List.of("x", "axis"));
        DEFAULTS.put("mean.axis", -1.0);
        for (VectorOp v : VectorOp.values()) {
            FUNCTIONS.put(v.label(), List.of("x"));
        }
        for (String f : List.of("mse", "l1", "bce")) {
            FUNCTIONS.put(f, List.of("p", "y"));
        }
        FUNCTIONS.put("huber", List.of("p", "y", "delta"));
        DEFAULTS.put("huber.delta", 1.0);
        FUNCTIONS.put("bce_logits", List.of("z", "y"));
        FUNCTIONS.put("cross_entropy", List.of("z", "target"));
    }
}
