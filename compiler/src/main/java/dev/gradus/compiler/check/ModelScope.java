package dev.gradus.compiler.check;

import dev.gradus.compiler.diag.Diagnostics;
import dev.gradus.compiler.diag.Position;
import dev.gradus.compiler.diag.Suggestions;
import dev.gradus.compiler.ir.Graph;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.parse.Ast;
import dev.gradus.compiler.parse.Ast.Expr;
import dev.gradus.compiler.parse.AstPrinter;
import dev.gradus.compiler.simplify.Simplifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one model's checking shares: its diagnostics, its graph, the names declared so far and
 * what each stands for, and the helpers every part uses (compile-time constants, shapes, binding
 * call arguments to parameter names, defining a name once).
 */
final class ModelScope {
    /** What a name stands for in a model. */
    record Symbol(String kind, Position pos, Node node, Double constant) {
        /** The kind with its article: "an input", "a parameter". */
        String aKind() {
            return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
        }
    }

    /** The most elements one tensor may have: the largest Java array. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** The longest name of a declaration or value (a Java name may have 65535 bytes; a model name, which names a file, has its own limit). */
    static final int MAX_NAME = 1000;

    final Diagnostics diagnostics;
    final Graph graph = new Graph(new Simplifier());
    final Map<String, Symbol> symbols = new LinkedHashMap<>();
    final Map<String, Position> declaredAt = new HashMap<>();

    ModelScope(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    Shape shape(List<Expr> dims) {
        if (dims.size() > Shape.MAX_RANK) {
            diagnostics.error(dims.get(Shape.MAX_RANK).pos(), "shapes have at most " + Shape.MAX_RANK + " dimensions, found " + dims.size());
            return null;
        }
        List<Integer> sizes = new ArrayList<>();
        for (Expr e : dims) {
            Integer n = positiveInt(e, "a dimension");
            if (n == null) {
                return null;
            }
            sizes.add(n);
        }
        long elements = 1;
        for (int n : sizes) {
            elements *= n;
        }
        if (elements > MAX_ELEMENTS) {
            diagnostics.error(dims.get(0).pos(), String.format(java.util.Locale.ROOT,
                    "a tensor of shape %s has %,d elements (%s of memory in double precision); a tensor holds at most %,d",
                    sizes, elements, Memory.bytes(elements * 8), MAX_ELEMENTS));
            return null;
        }
        return Shape.of(sizes);
    }

    Integer positiveInt(Expr e, String what) {
        Double v = constant(e, what);
        if (v == null) {
            return null;
        }
        if (v != Math.rint(v) || v < 1 || v > Integer.MAX_VALUE) {
            diagnostics.error(e.pos(), what + " must be a positive integer, found " + number(v));
            return null;
        }
        return v.intValue();
    }

    /** The value of a compile-time constant expression, or null (with an error). */
    Double constant(Expr e, String what) {
        Double v = constantValue(e, what);
        if (v != null && !Double.isFinite(v)) {
            diagnostics.error(e.pos(), "'" + AstPrinter.print(e) + "' is " + nonFinite(v) + ", not a finite number");
            return null;
        }
        return v;
    }

    /** "NaN", "infinite": what a non-finite value is, in words. */
    static String nonFinite(double v) {
        return Double.isNaN(v) ? "NaN" : v > 0 ? "+infinity" : "-infinity";
    }

    private Double constantValue(Expr e, String what) {
        if (e instanceof Ast.Num n) {
            return n.value();
        }
        if (e instanceof Ast.Ref r) {
            Symbol s = symbols.get(r.name());
            if (s != null && s.constant() != null) {
                return s.constant().isNaN() ? null : s.constant();
            }
            if (s == null && !declaredAt.containsKey(r.name())) {
                diagnostics.error(r.pos(), unknown(r.name()));
            } else if (s == null) {
                diagnostics.error(r.pos(), usedBeforeDefinition(r.name()));
            } else {
                diagnostics.error(r.pos(), what + " must be a compile-time constant, but '" + r.name() + "' is "
                        + s.aKind());
            }
            return null;
        }
        if (e instanceof Ast.Neg n) {
            Double v = constant(n.operand(), what);
            return v == null ? null : -v;
        }
        if (e instanceof Ast.Binary b && b.op() != Ast.BinaryOp.MATMUL) {
            Double l = constant(b.left(), what);
            Double r = constant(b.right(), what);
            if (l == null || r == null) {
                return null;
            }
            return switch (b.op()) {
                case ADD -> l + r;
                case SUB -> l - r;
                case MUL -> l * r;
                case DIV -> l / r;
                default -> Math.pow(l, r);
            };
        }
        diagnostics.error(e.pos(), what + " must be a compile-time constant, found '" + AstPrinter.print(e) + "'");
        return null;
    }

    Boolean bool(Expr e, String what) {
        if (e instanceof Ast.Ref r && (r.name().equals("true") || r.name().equals("false"))) {
            return r.name().equals("true");
        }
        diagnostics.error(e.pos(), what + " must be true or false, found '" + AstPrinter.print(e) + "'");
        return null;
    }

    /** Binds call arguments to parameter names; null (with an error) if they do not fit. */
    Map<String, Expr> bind(String f, Position at, List<String> names, List<Ast.Arg> args,
                                   java.util.Collection<String> optional) {
        Map<String, Expr> bound = new LinkedHashMap<>();
        int positional = 0;
        boolean ok = true;
        for (Ast.Arg a : args) {
            if (a.name() == null) {
                if (positional >= names.size()) {
                    diagnostics.error(a.pos(), f + " takes at most " + names.size() + " argument"
                            + (names.size() == 1 ? "" : "s") + ", found " + args.size());
                    return null;
                }
                bound.put(names.get(positional++), a.value());
            } else if (!names.contains(a.name())) {
                diagnostics.error(a.pos(), f + " has no argument '" + a.name() + "'"
                        + (names.isEmpty() ? "" : "; expected " + String.join(", ", names)));
                ok = false;
            } else if (bound.containsKey(a.name())) {
                diagnostics.error(a.pos(), f + ": argument '" + a.name() + "' is given twice");
                ok = false;
            } else {
                bound.put(a.name(), a.value());
            }
        }
        for (String n : names) {
            if (!bound.containsKey(n) && !optional.contains(n)) {
                diagnostics.error(at, f + " needs argument '" + n + "' (" + f + "(" + String.join(", ", names) + "))");
                ok = false;
            }
        }
        return ok ? bound : null;
    }

    boolean define(String name, Position pos, Symbol symbol) {
        if (name.length() > MAX_NAME) {
            diagnostics.error(pos, "a name of " + name.length() + " characters; names have at most " + MAX_NAME
                    + " (each becomes a name in the generated Java class)");
            // Known but without a value (as a value whose expression failed): its uses say nothing more.
            symbols.putIfAbsent(name, new Symbol(symbol.kind(), pos, null, symbol.constant() == null ? null : Double.NaN));
            return false;
        }
        Symbol existing = symbols.get(name);
        if (existing != null) {
            String what = existing.kind().equals("value") ? "'" + name + "' is already defined"
                    : "'" + name + "' is already declared as " + existing.aKind();
            diagnostics.error(pos, what + " at line " + existing.pos().line() + "; values are assigned once");
            return false;
        }
        symbols.put(name, symbol);
        return true;
    }

    String unknown(String name) {
        List<String> candidates = new ArrayList<>(symbols.keySet());
        return "unknown name '" + name + "'" + Suggestions.suggestion(name, candidates);
    }

    String usedBeforeDefinition(String name) {
        return "'" + name + "' is used before it is defined (at line " + declaredAt.get(name).line() + ")";
    }

    /** A number in a diagnostic as the file writes it ({@link dev.gradus.runtime.Numbers#written}). */
    static String number(double v) {
        return dev.gradus.runtime.Numbers.written(v);
    }
}
