package dev.gradus.compiler.print;

import dev.gradus.compiler.eval.Tensor;
import dev.gradus.compiler.ir.Binary;
import dev.gradus.compiler.ir.Elementwise;
import dev.gradus.compiler.ir.Expand;
import dev.gradus.compiler.ir.Index;
import dev.gradus.compiler.ir.LinAlg;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.OneHot;
import dev.gradus.compiler.ir.Pick;
import dev.gradus.compiler.ir.Reduce;
import dev.gradus.compiler.ir.Scatter;
import dev.gradus.compiler.ir.Unary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Prints IR as infix math, either plain text ({@code relu(W1 @ x + b1)}) or LaTeX. Nodes that have
 * a name in {@code names} are printed by that name, except the root being defined.
 */
public final class MathPrinter {

    public enum Format { TEXT, LATEX }

    private static final int ADD = 1;
    private static final int MUL = 2;
    private static final int NEG = 3;
    private static final int POW = 4;
    private static final int ATOM = 5;

    private final Format format;
    private final Function<Node, String> names;

    public MathPrinter(Format format, Function<Node, String> names) {
        this.format = format;
        this.names = names;
    }

    public MathPrinter(Format format, Map<Node, String> names) {
        this(format, names::get);
    }

    /** The definition of {@code root}: its own expression, with named subexpressions by name. */
    public String print(Node root) {
        return expr(root, true).text;
    }

    private record Printed(String text, int precedence) {}

    private Printed expr(Node n, boolean root) {
        String name = root ? null : names.apply(n);
        if (name != null) {
            return new Printed(format == Format.LATEX ? latexName(name) : name, ATOM);
        }
        if (n instanceof Node.Input i) {
            return new Printed(format == Format.LATEX ? latexName(i.name()) : i.name(), ATOM);
        }
        if (n instanceof Node.Param p) {
            return new Printed(format == Format.LATEX ? latexName(p.name()) : p.name(), ATOM);
        }
        if (n instanceof Node.Constant c) {
            String s = Tensor.format(c.value());
            return new Printed(s, c.value() < 0 ? NEG : ATOM);
        }
        Node.Apply a = (Node.Apply) n;
        List<Printed> args = new ArrayList<>();
        for (Node arg : a.args()) {
            args.add(expr(arg, false));
        }
        boolean tex = format == Format.LATEX;
        if (a.op() instanceof Unary u && u == Unary.NEG) {
            return new Printed("-" + wrap(args.get(0), NEG + 1), NEG);
        }
        if (a.op() instanceof Binary b) {
            switch (b) {
                case ADD -> {
                    return new Printed(wrap(args.get(0), ADD) + " + " + wrap(args.get(1), ADD + 1), ADD);
                }
                case SUB -> {
                    return new Printed(wrap(args.get(0), ADD) + " - " + wrap(args.get(1), ADD + 1), ADD);
                }
                case MUL -> {
                    return new Printed(wrap(args.get(0), MUL) + (tex ? " \\cdot " : " * ") + wrap(args.get(1), MUL + 1), MUL);
                }
                case DIV -> {
                    if (tex) {
                        return new Printed("\\frac{" + args.get(0).text + "}{" + args.get(1).text + "}", ATOM);
                    }
                    return new Printed(wrap(args.get(0), MUL) + " / " + wrap(args.get(1), MUL + 1), MUL);
                }
                case POW -> {
                    if (tex) {
                        return new Printed(wrap(args.get(0), ATOM) + "^{" + args.get(1).text + "}", POW);
                    }
                    return new Printed(wrap(args.get(0), POW + 1) + " ^ " + wrap(args.get(1), POW), POW);
                }
                default -> { }
            }
        }
        if (a.op() == LinAlg.MATMUL) {
            return new Printed(wrap(args.get(0), MUL) + (tex ? " " : " @ ") + wrap(args.get(1), MUL + 1), MUL);
        }
        if (a.op() == LinAlg.TRANSPOSE && tex) {
            return new Printed(wrap(args.get(0), ATOM) + "^\\top", POW);
        }
        if (a.op() instanceof Expand) {
            return args.get(0); // broadcasting is implicit, as in NumPy
        }
        if (a.op() instanceof Index ix) {
            return new Printed(wrap(args.get(0), ATOM) + (tex ? "_{" : "[") + ix.i() + (ix.j() >= 0 ? ", " + ix.j() : "")
                    + (tex ? "}" : "]"), ATOM);
        }
        if (a.op() == Pick.INSTANCE) {
            return new Printed(wrap(args.get(0), ATOM) + (tex ? "_{" + args.get(1).text + "}" : "[" + args.get(1).text + "]"), ATOM);
        }
        if (a.op() instanceof OneHot) {
            return call("one_hot", List.of(args.get(0).text));
        }
        if (a.op() instanceof Scatter s) {
            return call("scatter", List.of(args.get(0).text, s.to().toString(), s.i() + (s.j() >= 0 ? ", " + s.j() : "")));
        }
        if (a.op() instanceof Reduce r) {
            if (tex && r.axis() == -1) {
                return new Printed("\\sum " + wrap(args.get(0), POW), MUL);
            }
            List<String> texts = new ArrayList<>(List.of(args.get(0).text));
            if (r.axis() >= 0) {
                texts.add("axis = " + r.axis());
            }
            return call("sum", texts);
        }
        List<String> texts = new ArrayList<>();
        for (Printed p : args) {
            texts.add(p.text);
        }
        if (a.op() instanceof Elementwise e) {
            for (double c : e.constants()) {
                texts.add(Tensor.format(c));
            }
            if (tex && a.op() == Unary.SQRT) {
                return new Printed("\\sqrt{" + texts.get(0) + "}", ATOM);
            }
        }
        return call(a.op().label(), texts);
    }

    private Printed call(String fn, List<String> args) {
        if (format == Format.LATEX) {
            String name = switch (fn) {
                case "exp", "log", "sin", "cos", "tanh", "max", "min" -> "\\" + fn;
                default -> "\\operatorname{" + fn.replace("_", "\\_") + "}";
            };
            return new Printed(name + "\\left(" + String.join(", ", args) + "\\right)", ATOM);
        }
        return new Printed(fn + "(" + String.join(", ", args) + ")", ATOM);
    }

    private String wrap(Printed p, int needed) {
        if (p.precedence >= needed) {
            return p.text;
        }
        return format == Format.LATEX ? "\\left(" + p.text + "\\right)" : "(" + p.text + ")";
    }

    /** A name in LaTeX: {@code W1} as {@code W_{1}}, {@code y_hat} as {@code \hat{y}}, {@code dW} left as it is. */
    static String latexName(String name) {
        if (name.startsWith("dloss/d")) {
            return "\\frac{\\partial \\mathrm{loss}}{\\partial " + latexName(name.substring(7)) + "}";
        }
        if (name.endsWith("_hat")) {
            return "\\hat{" + latexName(name.substring(0, name.length() - 4)) + "}";
        }
        int digits = name.length();
        while (digits > 0 && Character.isDigit(name.charAt(digits - 1))) {
            digits--;
        }
        String base = name.substring(0, digits).replace("_", "\\_");
        if (base.length() > 1) {
            base = "\\mathrm{" + base + "}";
        }
        return digits < name.length() && digits > 0 ? base + "_{" + name.substring(digits) + "}" : base;
    }
}
