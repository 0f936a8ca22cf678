package dev.gradus.compiler.print;

import java.util.List;

/**
 * The LaTeX form of every op, in ONE switch keyed by the op's label (the label a user reads, as
 * {@code Op.label()} gives it). Issue 10 moves each case into its op's definition in {@code ir/};
 * until then this is the single place to change how an op is typeset. Arguments arrive already
 * printed; {@code wrap} parenthesizes one where its precedence is lower than needed.
 */
final class LatexForms {
    private LatexForms() {}

    /**
     * @param label    the op's label ({@code "mul"}, {@code "@"}, {@code "sum"} ...)
     * @param args     the printed arguments, then any compile-time constants of the op as numbers
     * @param tensors  whether both operands of a product are tensors (elementwise {@code \odot})
     * @param axis     the axis of a reduction, -1 for all
     */
    static Form of(String label, List<Form> args, boolean tensors, int axis) {
        Form a = args.isEmpty() ? null : args.get(0);
        Form b = args.size() > 1 ? args.get(1) : null;
        return switch (label) {
            case "neg", "-" -> new Form("-" + wrap(a, Form.NEG + 1), Form.NEG);
            case "add" -> new Form(wrap(a, Form.ADD) + " + " + wrap(b, Form.ADD + 1), Form.ADD);
            case "sub" -> new Form(wrap(a, Form.ADD) + " - " + wrap(b, Form.ADD + 1), Form.ADD);
            case "mul" -> new Form(wrap(a, Form.MUL) + (tensors ? " \\odot " : " \\cdot ") + wrap(b, Form.MUL + 1), Form.MUL);
            case "div" -> Form.atom("\\frac{" + a.text() + "}{" + b.text() + "}");
            case "pow" -> new Form(wrap(a, Form.ATOM) + "^{" + b.text() + "}", Form.POW);
            case "square" -> new Form(wrap(a, Form.ATOM) + "^{2}", Form.POW);
            case "sqrt" -> Form.atom("\\sqrt{" + a.text() + "}");
            case "abs" -> Form.atom("\\left|" + a.text() + "\\right|");
            case "exp", "log", "sin", "cos", "tanh", "max", "min" -> call("\\" + label, args);
            case "sigmoid" -> call("\\sigma", args);
            case "@" -> new Form(wrap(a, Form.MUL + 1) + " " + wrap(b, Form.MUL + 1), Form.MUL);
            case "transpose" -> new Form(wrap(a, Form.ATOM) + "^{\\top}", Form.POW);
            case "outer" -> new Form(wrap(a, Form.MUL + 1) + " " + wrap(b, Form.ATOM) + "^{\\top}", Form.MUL);
            case "dot" -> new Form(wrap(a, Form.ATOM) + "^{\\top} " + wrap(b, Form.MUL + 1), Form.MUL);
            case "sum" -> axis < 0 ? new Form("\\sum " + wrap(a, Form.POW), Form.MUL)
                    : call("\\operatorname{sum}", List.of(a, Form.atom("\\text{axis} = " + axis)));
            case "index", "pick" -> Form.atom(wrap(a, Form.ATOM) + "_{" + b.text() + "}");
            case "gt" -> new Form("\\left[" + a.text() + " > " + b.text() + "\\right]", Form.ATOM);
            case "eq" -> new Form("\\left[" + a.text() + " = " + b.text() + "\\right]", Form.ATOM);
            default -> call("\\operatorname{" + label.replace("_", "\\_") + "}", args);
        };
    }

    static Form call(String fn, List<Form> args) {
        StringBuilder s = new StringBuilder(fn).append("\\left(");
        for (int i = 0; i < args.size(); i++) {
            s.append(i > 0 ? ", " : "").append(args.get(i).text());
        }
        return Form.atom(s.append("\\right)").toString());
    }

    static String wrap(Form p, int needed) {
        return p.precedence() >= needed ? p.text() : "\\left(" + p.text() + "\\right)";
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
