package dev.gradus.compiler.print;

import dev.gradus.compiler.ir.MathForm;
import dev.gradus.compiler.ir.Index;
import dev.gradus.compiler.ir.Op;
import dev.gradus.compiler.ir.Ops;
import dev.gradus.compiler.ir.Reduce;
import dev.gradus.compiler.ir.Unary;
import java.util.List;

/**
 * LaTeX for names, and for source text that names an op by what users write (the forms themselves
 * live in each op's definition, {@link dev.gradus.compiler.ir.Op#latex}).
 */
final class LatexForms {
    private LatexForms() {}

    /** The op a label or function name stands for ({@code "mul"}, {@code "@"}, {@code "sigmoid"}), or null. */
    private static Op op(String label) {
        if (label.equals("neg") || label.equals("-")) {
            return Unary.NEG;
        }
        if (label.equals("sum")) {
            return Reduce.ALL;
        }
        if (label.equals("index")) {
            return new Index(0, -1);
        }
        for (Op op : Ops.all()) { // every op's own definition, not a list kept here
            if (op.label().equals(label)) {
                return op;
            }
        }
        return null;
    }

    /** The LaTeX of the op a label names, as its definition writes it; {@code \operatorname{label}(...)} for the rest. */
    static MathForm of(String label, List<MathForm> args, boolean tensors, int axis) {
        Op op = op(label);
        if (op instanceof Reduce && axis >= 0) {
            op = new Reduce(axis);
        }
        return op == null ? MathForm.named(label, args) : op.latex(args, tensors, axis);
    }

    static MathForm call(String fn, List<MathForm> args) {
        return MathForm.call(fn, args);
    }

    /** A number in LaTeX: {@code 1e-5} as {@code 10^{-5}}, {@code 2.5e-5} as {@code 2.5 \times 10^{-5}} (not 1e − 5). */
    static String number(double v) {
        String text = dev.gradus.compiler.eval.Tensor.format(v);
        int e = text.indexOf('e');
        if (e < 0) {
            return text;
        }
        String mantissa = text.substring(0, e);
        String power = "10^{" + text.substring(e + 1).replace("+", "") + "}";
        return mantissa.equals("1") ? power : mantissa.equals("-1") ? "-" + power : mantissa + " \\times " + power;
    }

    /**
     * A name in LaTeX: {@code W1} as {@code W_{1}}, {@code y_hat} as {@code \hat{y}}, a total
     * derivative {@code dloss/dh} as {@code \frac{d\,\mathrm{loss}}{d h}} and a local one
     * {@code ∂h/∂W1} with {@code \partial}.
     */
    static String name(String name) {
        for (String[] kind : new String[][] {{"d", "d"}, {"∂", "\\partial"}}) {
            int slash = name.indexOf('/');
            if (name.startsWith(kind[0]) && slash > 1 && name.startsWith(kind[0], slash + 1)) {
                String top = name(name.substring(kind[0].length(), slash));
                String bottom = name(name.substring(slash + 1 + kind[0].length()));
                return "\\frac{" + kind[1] + (kind[0].equals("d") ? "\\," : " ") + top + "}{" + kind[1] + " " + bottom + "}";
            }
        }
        int bracket = name.indexOf('[');
        if (bracket > 0 && name.endsWith("]")) {
            return "{" + name(name.substring(0, bracket)) + "}_{" + name.substring(bracket + 1, name.length() - 1) + "}";
        }
        if (name.endsWith("_hat")) {
            return "\\hat{" + name(name.substring(0, name.length() - 4)) + "}";
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
