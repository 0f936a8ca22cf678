package dev.gradus.compiler.print;

import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Expand;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Traversal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code gradus graph}: the computation graph in Graphviz's DOT, in the spirit of micrograd's
 * {@code draw_dot}. Each node is labelled with its name or operation, its expression, its shape
 * and, given an example, its value and the loss's total derivative by it ({@code dloss/d…}).
 * With the backward pass, the adjoint nodes that compute those derivatives are drawn too, in red,
 * each named value joined to its derivative by a dashed edge; "grad" is the total derivative of
 * the loss by the node. Broadcasts are not drawn.
 */
public final class DotPrinter {
    private final CheckedModel model;
    private final Walkthrough numbers;
    private final Map<Node, String> names;
    private final Map<Node, String> ids = new LinkedHashMap<>();
    private final StringBuilder out = new StringBuilder();

    /** {@code at}: the example and parameter values, or null for a graph without numbers. */
    /** What {@link Explainer#notFinite} says of the example the graph shows; null without one, or when all is finite. */
    public String notFinite() {
        return numbers == null ? null : numbers.notFinite();
    }

    public DotPrinter(CheckedModel model, Map<String, double[]> at) {
        this.model = model;
        this.numbers = at == null ? null : new Walkthrough(model, at);
        this.names = model.valueNames();
        names.put(model.loss(), "loss");
        model.params().forEach(p -> names.put(p.node(), p.name()));
        model.fields().forEach(f -> names.put(f, f.name()));
    }

    public String print(boolean backward) {
        out.append("digraph \"").append(model.name()).append("\" {\n");
        out.append("  graph [rankdir=LR, fontname=\"Helvetica\", label=\"").append(model.name())
                .append(backward ? ": forward (black) and backward (red)" : ": forward").append("\", labelloc=t];\n");
        out.append("  node [fontname=\"Helvetica\", fontsize=10];\n  edge [color=\"#555555\"];\n");
        List<Node> forward = visible(Traversal.topologicalOrder(List.of(model.loss())));
        Set<Node> drawn = new HashSet<>(forward);
        for (Node n : forward) {
            node(n, false);
        }
        for (Node n : forward) {
            edges(n, drawn, "#555555");
        }
        if (backward) {
            ModelGradients grads = numbers != null ? numbers.grads : ModelGradients.of(model);
            List<Node> roots = new ArrayList<>();
            Map<Node, Node> adjointOf = new LinkedHashMap<>();
            for (Node n : forward) {
                Node a = grads.adjoints().adjoints().get(n);
                if (a != null && n != model.loss() && (names.containsKey(n) && !(n instanceof Node.Input))) {
                    roots.add(a);
                    adjointOf.put(n, a);
                }
            }
            List<Node> back = visible(Traversal.topologicalOrder(roots));
            for (Node n : back) {
                if (!drawn.contains(n)) {
                    node(n, true);
                }
            }
            for (Node n : back) {
                if (drawn.add(n)) {
                    edges(n, drawn, "#c0392b");
                }
            }
            adjointOf.forEach((value, adjoint) -> out.append("  ").append(id(skip(adjoint))).append(" -> ").append(id(value))
                    .append(" [style=dashed, color=\"#c0392b\", label=\"dloss/d").append(escape(names.get(value))).append("\", fontsize=9, fontcolor=\"#c0392b\", constraint=false];\n"));
        }
        return out.append("}\n").toString();
    }

    private void node(Node n, boolean adjoint) {
        List<String> lines = new ArrayList<>();
        String name = names.get(n);
        MathPrinter printer = new MathPrinter(MathPrinter.Format.TEXT, m -> m == n ? null : names.get(m));
        if (n instanceof Node.Apply a) {
            String expr = printer.print(n);
            lines.add(name != null ? name + " = " + clip(expr) : a.op().label() + (expr.length() <= 28 ? ": " + expr : ""));
        } else if (n instanceof Node.Constant c) {
            lines.add(printer.print(c));
        } else {
            lines.add(name + (n instanceof Node.Param ? " (parameter)" : n instanceof Node.Input i && i.target() ? " (target)" : " (input)"));
        }
        if (n instanceof Node.Constant) {
            lines.clear();
            lines.add(printerText(n));
        } else {
            lines.add(n.shape().isScalar() ? "scalar" : "shape " + n.shape());
        }
        if (numbers != null && !(n instanceof Node.Constant)) {
            lines.add((adjoint ? "" : "value ") + brief(numbers.value(n)));
            if (!adjoint && numbers.grads.adjoints().adjoints().containsKey(n)) {
                lines.add("grad " + brief(numbers.total(n)));
            }
        }
        String style;
        if (adjoint) {
            style = "shape=box, style=\"rounded,filled\", fillcolor=\"#fdecea\", color=\"#c0392b\"";
        } else if (n instanceof Node.Param) {
            style = "shape=box, style=filled, fillcolor=\"#fff2b3\"";
        } else if (n instanceof Node.Input) {
            style = "shape=box, style=filled, fillcolor=\"#dbeafe\"";
        } else if (n instanceof Node.Constant) {
            style = "shape=plaintext";
        } else {
            style = "shape=box, style=rounded" + (name != null ? ", penwidth=2" : "");
        }
        StringBuilder label = new StringBuilder();
        lines.forEach(l -> label.append(escape(l)).append("\\n"));
        out.append("  ").append(id(n)).append(" [label=\"").append(label, 0, label.length() - 2).append("\", ").append(style).append("];\n");
    }

    /** A value short enough for a node: up to 4 numbers in full, else the first two and the last, flattened. */
    private static String brief(dev.gradus.compiler.eval.Tensor t) {
        double[] d = t.data();
        if (d.length <= 4) {
            return t.toString();
        }
        return "[" + short4(d[0]) + ", " + short4(d[1]) + ", …, " + short4(d[d.length - 1]) + "] (" + d.length + " values)";
    }

    private static String short4(double v) {
        return dev.gradus.compiler.eval.Tensor.format(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", v)));
    }

    private static String printerText(Node n) {
        return new MathPrinter(MathPrinter.Format.TEXT, m -> null).print(n);
    }

    private void edges(Node n, Set<Node> drawn, String color) {
        for (Node arg : n.args()) {
            Node from = skip(arg);
            if (drawn.contains(from) || ids.containsKey(from)) {
                out.append("  ").append(id(from)).append(" -> ").append(id(n)).append(" [color=\"").append(color).append("\"];\n");
            }
        }
    }

    /** The nodes to draw: broadcasts are skipped (their argument stands for them). */
    private static List<Node> visible(List<Node> order) {
        List<Node> out = new ArrayList<>();
        for (Node n : order) {
            if (!(n instanceof Node.Apply a && a.op() instanceof Expand)) {
                out.add(n);
            }
        }
        return out;
    }

    private static Node skip(Node n) {
        while (n instanceof Node.Apply a && a.op() instanceof Expand) {
            n = a.arg(0);
        }
        return n;
    }

    private String id(Node n) {
        return ids.computeIfAbsent(n, k -> "n" + k.id());
    }

    private static String clip(String s) {
        return s.length() <= 48 ? s : s.substring(0, 45) + "...";
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
