package dev.gradus.compiler.check;

import static dev.gradus.compiler.check.ModelScope.number;

import dev.gradus.compiler.diag.Diagnostics;
import dev.gradus.compiler.diag.Suggestions;
import dev.gradus.compiler.ir.Init;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.parse.Ast;
import dev.gradus.compiler.parse.Ast.Expr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Initializers of parameters: the named ones resolved to a draw with concrete bounds (xavier,
 * kaiming, the nn.Linear default), and literal initial values with their shapes.
 */
final class Initializers {
    private static final List<String> INITIALIZERS = List.of("zeros", "ones", "constant", "uniform", "normal",
            "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal");

    private final ModelScope scope;
    private final Diagnostics diagnostics;

    Initializers(ModelScope scope) {
        this.scope = scope;
        this.diagnostics = scope.diagnostics;
    }

    Init initializer(Ast.ParamDecl p, Shape shape) {
        Ast.Initializer init = p.init();
        if (init == null) {
            if (shape.rank() >= 2) { // nn.Linear's default, and nn.Conv1d's and nn.Conv2d's for a kernel [out, in, k...]: fan = in·k...
                double bound = 1 / Math.sqrt(shape.cols());
                return Init.uniform(-bound, bound, "default: uniform(-1/sqrt(" + shape.cols() + "), 1/sqrt(" + shape.cols() + "))");
            }
            return Init.constant(0, "default: zeros");
        }
        String name = init.name();
        if (!INITIALIZERS.contains(name)) {
            diagnostics.error(init.pos(), "unknown initializer '" + name + "'; expected one of "
                    + String.join(", ", INITIALIZERS) + Suggestions.suggestion(name, INITIALIZERS));
            return null;
        }
        List<String> names = switch (name) {
            case "constant" -> List.of("value");
            case "uniform" -> List.of("a", "b");
            case "normal" -> List.of("mean", "std");
            case "xavier_uniform", "xavier_normal" -> List.of("gain");
            case "kaiming_uniform", "kaiming_normal" -> List.of("a");
            default -> List.of();
        };
        Map<String, Double> defaults = switch (name) {
            case "uniform" -> Map.of("a", 0.0, "b", 1.0);
            case "normal" -> Map.of("mean", 0.0, "std", 1.0);
            case "xavier_uniform", "xavier_normal" -> Map.of("gain", 1.0);
            case "kaiming_uniform", "kaiming_normal" -> Map.of("a", 0.0);
            default -> Map.of();
        };
        Map<String, Expr> bound = scope.bind(name, init.pos(), names, init.args(), defaults.keySet());
        if (bound == null) {
            return null;
        }
        Map<String, Double> v = new HashMap<>(defaults);
        for (Map.Entry<String, Expr> e : bound.entrySet()) {
            Double c = scope.constant(e.getValue(), "an initializer argument");
            if (c == null) {
                return null;
            }
            v.put(e.getKey(), c);
        }
        String description = name + (init.args().isEmpty() ? "" : "(" + String.join(", ",
                names.stream().filter(v::containsKey).map(k -> number(v.get(k))).toList()) + ")");
        if (name.startsWith("xavier") || name.startsWith("kaiming")) {
            if (shape.rank() < 2) {
                diagnostics.error(init.pos(), name + " needs a matrix [out, in] or a kernel [out, in, k...] to know its fans, found shape "
                        + shape);
                return null;
            }
        }
        double fanIn = shape.cols(); // in·k... (torch's fan_in), and out·k... its fan_out
        double fanOut = shape.rank() < 2 ? shape.rows() : (double) shape.rows() * shape.cols() / shape.dim(1);
        return switch (name) {
            case "zeros" -> Init.constant(0, description);
            case "ones" -> Init.constant(1, description);
            case "constant" -> Init.constant(v.get("value"), description);
            case "uniform" -> {
                if (v.get("a") > v.get("b")) {
                    diagnostics.error(init.pos(), "uniform(a, b) needs a <= b, found " + number(v.get("a")) + " > "
                            + number(v.get("b")));
                    yield null;
                }
                yield Init.uniform(v.get("a"), v.get("b"), description);
            }
            case "normal" -> {
                if (v.get("std") < 0) {
                    diagnostics.error(init.pos(), "normal(mean, std) needs std >= 0, found " + number(v.get("std")));
                    yield null;
                }
                yield Init.normal(v.get("mean"), v.get("std"), description);
            }
            case "xavier_uniform" -> {
                double b = v.get("gain") * Math.sqrt(6 / (fanIn + fanOut));
                yield Init.uniform(-b, b, description);
            }
            case "xavier_normal" -> Init.normal(0, v.get("gain") * Math.sqrt(2 / (fanIn + fanOut)), description);
            case "kaiming_uniform" -> {
                double gain = Math.sqrt(2 / (1 + v.get("a") * v.get("a")));
                double b = gain * Math.sqrt(3 / fanIn);
                yield Init.uniform(-b, b, description);
            }
            default -> Init.normal(0, Math.sqrt(2 / (1 + v.get("a") * v.get("a"))) / Math.sqrt(fanIn), description);
        };
    }

    static List<Integer> literalDims(Ast.Literal l) {
        if (l instanceof Ast.ScalarLiteral) {
            return List.of();
        }
        Ast.ListLiteral list = (Ast.ListLiteral) l;
        List<Integer> inner = null;
        for (Ast.Literal e : list.elements()) {
            List<Integer> d = literalDims(e);
            if (d == null || (inner != null && !inner.equals(d))) {
                return null;
            }
            inner = d;
        }
        List<Integer> dims = new ArrayList<>();
        dims.add(list.elements().size());
        dims.addAll(inner);
        return dims;
    }

    static double[] flatten(Ast.Literal l) {
        List<Double> out = new ArrayList<>();
        flatten(l, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flatten(Ast.Literal l, List<Double> out) {
        if (l instanceof Ast.ScalarLiteral s) {
            out.add(s.value());
        } else {
            ((Ast.ListLiteral) l).elements().forEach(e -> flatten(e, out));
        }
    }
}
