package dev.gradus.compiler.print;

import dev.gradus.compiler.ir.MathForm;
import dev.gradus.compiler.diag.Diagnostics;
import dev.gradus.compiler.eval.Tensor;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.parse.Ast;
import dev.gradus.compiler.parse.AstPrinter;
import dev.gradus.compiler.parse.Parser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The definitions as the user wrote them ({@code loss = bce(p, y)}, not the checker's
 * {@code sum(bce(p, y))}), read again from the model's source, with the line of each, as text or
 * LaTeX. The checker keeps no source text, so the printers parse the (already checked) file again.
 */
public final class SourceForms {
    private static final Set<String> SCALAR_CALLS = Set.of("mse", "l1", "bce", "bce_logits", "cross_entropy", "logsumexp", "dot");

    private final CheckedModel model;
    private final Map<String, Ast.Expr> definitions = new LinkedHashMap<>();
    private final Map<String, Integer> lines = new LinkedHashMap<>();
    private final Set<String> constants = new java.util.HashSet<>();
    private final java.util.TreeSet<Integer> declarationLines = new java.util.TreeSet<>();

    public SourceForms(CheckedModel model) {
        this.model = model;
        Ast.SourceFile file = Parser.parse(model.source(), new Diagnostics(model.source()));
        for (Ast.Model m : file == null ? List.<Ast.Model>of() : file.models()) {
            if (!m.name().equals(model.name())) {
                continue;
            }
            for (Ast.Decl d : m.decls()) {
                declarationLines.add(d.pos().line());
                if (d instanceof Ast.AssignDecl a) {
                    definitions.put(a.name(), a.value());
                    lines.put(a.name(), a.pos().line());
                } else if (d instanceof Ast.LossDecl l) {
                    definitions.put("loss", l.value());
                    lines.put("loss", l.pos().line());
                } else if (d instanceof Ast.ParamDecl p) {
                    lines.put(p.name(), p.pos().line());
                } else if (d instanceof Ast.ConstDecl c) {
                    constants.add(c.name());
                }
            }
        }
    }

    /** The named values in the order the user defined them, ending with {@code loss}. */
    public List<String> names() {
        return new ArrayList<>(definitions.keySet());
    }

    /** The 1-based source line defining {@code name} (a value, the loss or a parameter), or 0. */
    public int line(String name) {
        return lines.getOrDefault(name, 0);
    }

    /**
     * The right-hand side as the user wrote it (their own spacing and {@code **}), or null if the
     * name is not a definition. A definition spread over several lines is joined into one, without
     * its comments; one whose extent is unclear is printed from its syntax tree.
     */
    public String text(String name) {
        Ast.Expr e = definitions.get(name);
        if (e == null) {
            return null;
        }
        // The definition's lines: from its own to the line before the next declaration (or the model's end).
        int first = lines.get(name);
        int next = declarationLines.stream().filter(l -> l > first).findFirst().orElse(model.source().lines().size() + 1);
        StringBuilder joined = new StringBuilder();
        for (int l = first; l < next; l++) {
            String line = model.source().line(l);
            int hash = line.indexOf('#');
            String code = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (l == first) {
                int eq = code.indexOf('=');
                code = eq >= 0 ? code.substring(eq + 1).strip() : "";
            }
            if (code.startsWith("}")) {
                break; // the model's end
            }
            if (!code.isEmpty()) {
                joined.append(joined.length() > 0 ? " " : "").append(code);
            }
        }
        String rhs = joined.toString();
        String tree = AstPrinter.print(e);
        // The user's text, where it is the same expression as the syntax tree (else the tree's text).
        return normalized(rhs).equals(normalized(tree)) ? rhs : tree;
    }

    /** An expression's text without spaces or parentheses, {@code **} as {@code ^}, and numbers in one form. */
    private static String normalized(String text) {
        String s = text.replaceAll("[\\s()]", "").replace("**", "^");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<![A-Za-z_0-9])\\d+\\.?\\d*(?:[eE][-+]?\\d+)?").matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Double.toString(Double.parseDouble(m.group())));
        }
        return m.appendTail(out).toString();
    }

    /** The right-hand side in LaTeX, or null. */
    public String latex(String name) {
        Ast.Expr e = definitions.get(name);
        return e == null ? null : latex(e).text();
    }

    /** The right-hand side with each value, input, target and parameter replaced by {@code values.get(name)}. */
    public String substituted(String name, java.util.function.Function<String, String> values) {
        Ast.Expr e = definitions.get(name);
        return e == null ? null : AstPrinter.print(substitute(e, values));
    }

    private Ast.Expr substitute(Ast.Expr e, java.util.function.Function<String, String> values) {
        if (e instanceof Ast.Ref r) {
            String v = constants.contains(r.name()) ? null : values.apply(r.name());
            return v == null ? r : new Ast.Ref(r.pos(), v);
        }
        if (e instanceof Ast.Call c) {
            List<Ast.Arg> args = new ArrayList<>();
            c.args().forEach(a -> args.add(new Ast.Arg(a.pos(), a.name(), a.name() == null ? substitute(a.value(), values) : a.value())));
            return new Ast.Call(c.pos(), c.name(), args);
        }
        if (e instanceof Ast.Neg n) {
            return new Ast.Neg(n.pos(), substitute(n.operand(), values));
        }
        if (e instanceof Ast.Binary b) {
            return new Ast.Binary(b.pos(), b.opPos(), b.op(), substitute(b.left(), values), substitute(b.right(), values));
        }
        return e; // numbers, and indexing (whose target stays a name: x[0], not [1, 2][0])
    }

    private MathForm latex(Ast.Expr e) {
        if (e instanceof Ast.Num n) {
            return MathForm.atom(LatexForms.number(n.value()));
        }
        if (e instanceof Ast.Ref r) {
            return MathForm.atom(LatexForms.name(r.name()));
        }
        if (e instanceof Ast.Neg n) {
            return LatexForms.of("neg", List.of(latex(n.operand())), false, -1);
        }
        if (e instanceof Ast.ListExpr l) {
            List<String> items = new ArrayList<>();
            l.elements().forEach(x -> items.add(latex(x).text()));
            return MathForm.atom("\\left[" + String.join(", ", items) + "\\right]");
        }
        if (e instanceof Ast.Index i) {
            List<String> idx = new ArrayList<>();
            i.indices().forEach(x -> idx.add(latex(x).text()));
            return LatexForms.of("index", List.of(latex(i.target()), MathForm.atom(String.join(", ", idx))), false, -1);
        }
        if (e instanceof Ast.Binary b) {
            String label = switch (b.op()) {
                case ADD -> "add";
                case SUB -> "sub";
                case MUL -> "mul";
                case DIV -> "div";
                case MATMUL -> "@";
                case POW -> "pow";
            };
            boolean tensors = !scalar(b.left()) && !scalar(b.right());
            return LatexForms.of(label, List.of(latex(b.left()), latex(b.right())), tensors, -1);
        }
        Ast.Call c = (Ast.Call) e;
        List<MathForm> args = new ArrayList<>();
        int axis = -1;
        for (Ast.Arg a : c.args()) {
            if ("axis".equals(a.name()) && a.value() instanceof Ast.Num n) {
                axis = (int) n.value();
            } else if (a.name() != null) {
                args.add(MathForm.atom("\\text{" + a.name().replace("_", "\\_") + "} = " + latex(a.value()).text()));
            } else {
                args.add(latex(a.value()));
            }
        }
        if (c.name().equals("mean")) {
            return axis < 0 ? LatexForms.call("\\operatorname{mean}", args)
                    : LatexForms.call("\\operatorname{mean}", List.of(args.get(0), MathForm.atom("\\text{axis} = " + axis)));
        }
        if (c.args().size() > 1 && c.args().get(1).name() == null && c.name().equals("sum") && c.args().get(1).value() instanceof Ast.Num n) {
            axis = (int) n.value();
            args = List.of(args.get(0));
        }
        return LatexForms.of(c.name(), args, false, axis);
    }

    /** Whether an expression is a scalar, as far as printing needs to know (for ⊙ against ·). */
    private boolean scalar(Ast.Expr e) {
        if (e instanceof Ast.Num) {
            return true;
        }
        if (e instanceof Ast.Ref r) {
            return constants.contains(r.name()) || shapeOf(r.name()).isScalar();
        }
        if (e instanceof Ast.Neg n) {
            return scalar(n.operand());
        }
        if (e instanceof Ast.ListExpr) {
            return false;
        }
        if (e instanceof Ast.Index i) {
            return i.indices().size() == 2 || (i.target() instanceof Ast.Ref r && shapeOf(r.name()).isVector());
        }
        if (e instanceof Ast.Binary b) {
            if (b.op() == Ast.BinaryOp.MATMUL) {
                return !scalar(b.left()) && b.left() instanceof Ast.Ref l && shapeOf(l.name()).isVector()
                        && b.right() instanceof Ast.Ref r && shapeOf(r.name()).isVector();
            }
            return scalar(b.left()) && scalar(b.right());
        }
        Ast.Call c = (Ast.Call) e;
        if (c.name().equals("sum") || c.name().equals("mean")) {
            return c.args().size() == 1;
        }
        return SCALAR_CALLS.contains(c.name()) || (!c.args().isEmpty() && scalar(c.args().get(0).value()));
    }

    private Shape shapeOf(String name) {
        Node n = model.values().get(name);
        if (n != null) {
            return n.shape();
        }
        for (Node.Input f : model.fields()) {
            if (f.name().equals(name)) {
                return f.shape();
            }
        }
        for (CheckedModel.Parameter p : model.params()) {
            if (p.name().equals(name)) {
                return p.node().shape();
            }
        }
        return Shape.SCALAR;
    }
}
