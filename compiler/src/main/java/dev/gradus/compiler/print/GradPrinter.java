package dev.gradus.compiler.print;

import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code gradus grad}: a model's forward definitions as the user wrote them, then the backward
 * pass as the chain rule gives it, one named value at a time ({@code dloss/dh}, the total
 * derivative of the loss), then the gradient of every parameter. LaTeX output is two
 * {@code align*} environments with {@code %} comments around them, pasteable into a document.
 */
public final class GradPrinter {
    private GradPrinter() {}

    static final String BACKWARD = "backward: the total derivative of the loss with respect to each value, for one example"
            + " (a training step averages them over the batch)";

    public static String print(ModelGradients grads, MathPrinter.Format format) {
        CheckedModel model = grads.model();
        boolean tex = format == MathPrinter.Format.LATEX;
        String comment = tex ? "% " : "";
        StringBuilder out = new StringBuilder();
        out.append(comment).append("model ").append(model.name()).append("\n\n");
        out.append(comment).append("forward (one example):\n");
        block(out, format, forward(model, format));
        out.append('\n').append(comment).append(BACKWARD).append(":\n");
        Backward backward = backwardLines(grads, format);
        block(out, format, backward.lines());
        if (!backward.terms().isEmpty()) {
            out.append(comment).append(termsNote(List.copyOf(backward.terms().keySet()))).append('\n');
        }
        return out.toString();
    }

    /** What the {@code t1} ... lines are, for grad and explain alike. */
    static String termsNote(List<String> terms) {
        return (terms.size() == 1 ? terms.get(0) + " names a subexpression" : terms.get(0) + " to " + terms.get(terms.size() - 1)
                + " name subexpressions") + " that the derivatives use more than once, written out once.";
    }

    /** Each forward definition ({@code name -> right-hand side}) as the user wrote it, ending with the loss. */
    public static Map<String, String> forward(CheckedModel model, MathPrinter.Format format) {
        SourceForms source = new SourceForms(model);
        MathPrinter printer = new MathPrinter(format, model.valueNames());
        Map<String, String> lines = new LinkedHashMap<>();
        for (Map.Entry<String, Node> v : model.values().entrySet()) {
            lines.put(v.getKey(), rhs(source, v.getKey(), format, () -> printer.print(v.getValue())));
        }
        lines.remove("loss");
        lines.put("loss", rhs(source, "loss", format, () -> printer.print(model.loss())));
        return lines;
    }

    private static String rhs(SourceForms source, String name, MathPrinter.Format format, java.util.function.Supplier<String> ir) {
        String s = format == MathPrinter.Format.LATEX ? source.latex(name) : source.text(name);
        return s != null ? s : ir.get();
    }

    /**
     * The backward pass: {@code dloss/dV -> its expression} for each named value V used by the loss,
     * latest first, then {@code dloss/dP} for each parameter, each referring to earlier ones by name.
     * A long subexpression the lines would repeat ({@link SharedTerms}) is a line of its own,
     * {@code t1 = ...}, just before the first line that uses it.
     */
    public static Map<String, String> backward(ModelGradients grads, MathPrinter.Format format) {
        return backwardLines(grads, format).lines();
    }

    /** {@link #backward}'s lines, and the subexpression each {@code t1}, {@code t2} ... line names (for explain to evaluate). */
    record Backward(Map<String, String> lines, Map<String, Node> terms) {}

    static Backward backwardLines(ModelGradients grads, MathPrinter.Format format) {
        CheckedModel model = grads.model();
        Map<Node, String> names = model.valueNames();
        List<String> labels = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        Map<Node, String> backNames = new HashMap<>(names);
        List<String> valueNames = new ArrayList<>(model.values().keySet());
        for (int k = valueNames.size() - 1; k >= 0; k--) {
            String name = valueNames.get(k);
            Node value = model.values().get(name);
            Node adjoint = grads.adjoints().adjoints().get(value);
            if (adjoint == null || value == model.loss()) {
                continue;
            }
            labels.add("dloss/d" + name);
            nodes.add(adjoint);
            if (!MathPrinter.literal(adjoint)) { // a later 1 is a number, not dloss/db
                backNames.putIfAbsent(adjoint, "dloss/d" + name);
            }
        }
        int valueLines = labels.size();
        for (CheckedModel.Parameter param : model.params()) {
            labels.add("dloss/d" + param.name());
            nodes.add(grads.of(param.node()));
        }
        List<Node> roots = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (!isReference(nodes.get(i), labels.get(i), backNames, names)) {
                roots.add(nodes.get(i));
            }
        }
        Set<String> taken = new HashSet<>(names.values());
        model.params().forEach(p -> taken.add(p.name()));
        model.fields().forEach(f -> taken.add(f.name()));
        taken.addAll(model.values().keySet());
        Map<Node, String> terms = SharedTerms.of(roots, backNames, taken);

        Map<String, String> first = lines(format, names, labels, nodes, valueLines, terms);
        List<String> free = new ArrayList<>(terms.values()); // t1, t2, ... (t10 after t9), renumbered in the order their lines come
        free.sort(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
        List<String> order = new ArrayList<>(first.keySet());
        Map<Node, String> numbered = new LinkedHashMap<>();
        terms.entrySet().stream().filter(t -> order.contains(t.getValue()))
                .sorted(Comparator.comparingInt(t -> order.indexOf(t.getValue())))
                .forEach(t -> numbered.put(t.getKey(), free.get(numbered.size())));
        Map<String, Node> byName = new LinkedHashMap<>();
        numbered.forEach((node, name) -> byName.put(name, node));
        return new Backward(lines(format, names, labels, nodes, valueLines, numbered), byName);
    }

    private static Map<String, String> lines(MathPrinter.Format format, Map<Node, String> names, List<String> labels, List<Node> nodes,
            int valueLines, Map<Node, String> terms) {
        Map<String, String> lines = new LinkedHashMap<>();
        Map<Node, String> printed = new HashMap<>(names);
        MathPrinter namer = new MathPrinter(format, Map.of());
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            String label = labels.get(i);
            String own = printed.get(node);
            if (own != null && !names.containsKey(node)) {
                lines.put(label, namer.name(own));
            } else {
                String text = withTerms(node, format, printed, terms, lines);
                lines.put(label, text);
            }
            if (i < valueLines && !MathPrinter.literal(node)) { // a later 1 is a number, not dloss/db
                printed.putIfAbsent(node, label);
            }
        }
        return lines;
    }

    private static boolean isReference(Node node, String label, Map<Node, String> backNames, Map<Node, String> names) {
        String own = backNames.get(node);
        return own != null && !own.equals(label) && !names.containsKey(node);
    }

    /**
     * {@code node} printed with the names so far and the shared terms; each term it uses that has no
     * line yet gets one first (its own terms before it).
     */
    private static String withTerms(Node node, MathPrinter.Format format, Map<Node, String> printed, Map<Node, String> terms,
            Map<String, String> lines) {
        List<Node> needed = new ArrayList<>();
        MathPrinter printer = new MathPrinter(format, n -> {
            String name = printed.get(n);
            if (name == null && terms.containsKey(n)) {
                needed.add(n);
                name = terms.get(n);
            }
            return name;
        });
        String text = printer.print(node);
        for (Node term : needed) {
            if (!printed.containsKey(term)) {
                String body = withTerms(term, format, printed, terms, lines);
                lines.put(terms.get(term), body);
                printed.put(term, terms.get(term));
            }
        }
        return text;
    }

    /**
     * For the generated trainer's Javadoc: each parameter's gradient formula as readable math
     * without LaTeX ({@code dloss/dW1 = outer(dloss/dh ⊙ step(W1 @ x + b1), x)}), followed by a
     * {@code where} line for each earlier total derivative it names.
     */
    public static Map<String, String> gradientDocs(ModelGradients grads) {
        Map<String, String> backward = backward(grads, MathPrinter.Format.UNICODE);
        Map<String, String> docs = new LinkedHashMap<>();
        for (CheckedModel.Parameter p : grads.model().params()) {
            String label = "dloss/d" + p.name();
            StringBuilder s = new StringBuilder(label).append(" = ").append(backward.get(label));
            List<String> pending = new ArrayList<>(List.of(backward.get(label)));
            List<String> seen = new ArrayList<>();
            while (!pending.isEmpty()) {
                String text = pending.remove(0);
                for (String other : backward.keySet()) {
                    if (!other.equals(label) && !seen.contains(other) && mentions(text, other)) {
                        seen.add(other);
                        pending.add(backward.get(other));
                    }
                }
            }
            for (String other : seen) { // nearest first: the order the formula leads to them
                s.append("\n  where ").append(other).append(" = ").append(backward.get(other));
            }
            docs.put(p.name(), s.toString());
        }
        return docs;
    }

    private static boolean mentions(String text, String name) {
        int at = text.indexOf(name);
        while (at >= 0) {
            int end = at + name.length();
            if (end == text.length() || !(Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                return true;
            }
            at = text.indexOf(name, at + 1);
        }
        return false;
    }

    private static void block(StringBuilder out, MathPrinter.Format format, Map<String, String> lines) {
        boolean tex = format == MathPrinter.Format.LATEX;
        if (tex) {
            out.append("\\begin{align*}\n");
        }
        int k = 0;
        for (Map.Entry<String, String> e : lines.entrySet()) {
            boolean last = ++k == lines.size();
            if (tex) {
                out.append("  ").append(LatexForms.name(e.getKey())).append(" &= ").append(e.getValue()).append(last ? "\n" : " \\\\\n");
            } else {
                out.append("  ").append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
            }
        }
        if (tex) {
            out.append("\\end{align*}\n");
        }
    }
}
