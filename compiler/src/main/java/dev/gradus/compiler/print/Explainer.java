package dev.gradus.compiler.print;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gradus explain}: backpropagation as a tutorial tells it, with numbers. The forward pass
 * as the user wrote it, the local derivatives ({@code ∂loss/∂p}: one definition's derivative with
 * everything else held fixed), the backward pass of total derivatives ({@code dloss/dh}: every path
 * to the loss, by the chain rule); then, as asked, one parameter element followed through the chain
 * and the optimizer's step. Local and total derivatives never share a name.
 */
public final class Explainer {
    /** {@code full}: no abbreviation; {@code follow}: a parameter element such as {@code W1[3, 1]}, or null; {@code step}: narrate the update. */
    public record Options(boolean full, String follow, boolean step) {
        public static final Options DEFAULT = new Options(false, null, false);
    }

    private Explainer() {}

    public static String explain(CheckedModel model, Map<String, double[]> at) {
        return explain(model, at, Options.DEFAULT);
    }

    public static String explain(CheckedModel model, Map<String, double[]> at, Options options) {
        return explanation(model, at, options).text();
    }

    /** The walkthrough's text, and what {@link #notFinite} says of its example (null when all is finite). */
    public record Explanation(String text, String notFinite) {}

    public static Explanation explanation(CheckedModel model, Map<String, double[]> at, Options options) {
        Walkthrough w = new Walkthrough(model, at);
        Follower.Target follow = options.follow() == null ? null : Follower.parse(model, options.follow());
        TensorText text = new TensorText(options.full());
        StringBuilder out = new StringBuilder();
        forward(w, text, out);
        Map<Node, Map<Node, Node>> local = local(w, text, out);
        backward(w, text, local, out);
        if (follow != null) {
            out.append('\n').append(new Follower(w, text).follow(follow));
        }
        if (options.step()) {
            out.append('\n').append(new StepNarrator(w, text, follow).narrate().text());
        }
        return new Explanation(out.toString(), w.notFinite());
    }

    /**
     * Null when this example's loss and every gradient are finite; else what went wrong first ({@link Walkthrough#notFinite}).
     * {@link #explanation} says the same of the example it explains, without evaluating it twice.
     */
    public static String notFinite(CheckedModel model, Map<String, double[]> at) {
        return new Walkthrough(model, at).notFinite();
    }

    /** Each parameter's value after the optimizer's first step on this one example, as {@code --step} narrates it. */
    public static Map<String, double[]> stepped(CheckedModel model, Map<String, double[]> at) {
        Walkthrough w = new Walkthrough(model, at);
        return new StepNarrator(w, new TensorText(false), null).narrate().updated();
    }

    /** Each parameter's value where the walkthrough starts: as given, else as the trainer initializes it. */
    public static Map<String, double[]> start(CheckedModel model, Map<String, double[]> at) {
        Map<String, double[]> out = new LinkedHashMap<>();
        new Walkthrough(model, at).params.forEach((k, v) -> out.put(k, v.data().clone()));
        return out;
    }

    private static void forward(Walkthrough w, TensorText text, StringBuilder out) {
        out.append("Forward pass\n");
        SourceForms source = new SourceForms(w.model);
        MathPrinter symbolic = new MathPrinter(MathPrinter.Format.TEXT, w.names);
        Map<String, String> values = new HashMap<>();
        w.names.forEach((n, name) -> values.putIfAbsent(name, text.operand(w.value(n))));
        for (Map.Entry<String, Node> e : w.named.entrySet()) {
            Node n = e.getValue();
            if (!(n instanceof Node.Apply)) {
                continue;
            }
            String sym = source.text(e.getKey());
            String num = source.substituted(e.getKey(), values::get);
            if (sym == null) {
                sym = symbolic.print(n);
                num = new MathPrinter(MathPrinter.Format.TEXT, m -> w.names.containsKey(m) ? text.operand(w.value(m)) : null).print(n);
            }
            String result = text.format(w.value(n));
            out.append("  ").append(e.getKey()).append(" = ").append(sym);
            // The numbers substituted in, where they are few enough to read.
            if (!num.equals(sym) && !num.equals(result) && num.length() <= 120) {
                out.append(" = ").append(num);
            }
            out.append(" = ").append(result).append('\n');
        }
    }

    /** ∂N/∂U for each named scalar N and each named value or parameter U its definition uses. */
    private static Map<Node, Map<Node, Node>> local(Walkthrough w, TensorText text, StringBuilder out) {
        out.append("\nLocal derivatives (∂…/∂…: one definition's own derivative, everything else held fixed)\n");
        MathPrinter symbolic = new MathPrinter(MathPrinter.Format.TEXT, w.names);
        Map<Node, Map<Node, Node>> local = new LinkedHashMap<>();
        List<Node> order = new ArrayList<>(w.named.values());
        for (int k = order.size() - 1; k >= 0; k--) {
            Node n = order.get(k);
            if (!(n instanceof Node.Apply) || !n.shape().isScalar()) {
                continue;
            }
            Map<Node, Node> edges = new LinkedHashMap<>();
            for (Node u : w.uses(n)) {
                Node d = w.local(n, n, u);
                edges.put(u, d);
                String sym = symbolic.print(d);
                String result = text.format(w.value(d));
                out.append("  ∂").append(w.names.get(n)).append("/∂").append(w.names.get(u)).append(" = ").append(sym);
                if (!sym.equals(result)) {
                    out.append(" = ").append(result);
                }
                out.append('\n');
            }
            local.put(n, edges);
        }
        return local;
    }

    /** dloss/dU = the sum over the values N that use U of dloss/dN * ∂N/∂U. */
    private static void backward(Walkthrough w, TensorText text, Map<Node, Map<Node, Node>> local, StringBuilder out) {
        out.append("\nBackward pass (dloss/d…: the loss's total derivative, along every path, by the chain rule)\n");
        List<Node> order = new ArrayList<>(w.named.values());
        List<Node> targets = new ArrayList<>();
        for (int k = order.size() - 1; k >= 0; k--) {
            if (order.get(k) != w.model.loss()) {
                targets.add(order.get(k));
            }
        }
        w.model.params().forEach(p -> targets.add(p.node()));
        Map<Node, String> backNames = new HashMap<>(w.names);
        // grad's lines, whose shared subexpressions (t1 = ...) keep a layer norm's derivative from filling a screen
        GradPrinter.Backward grad = GradPrinter.backwardLines(w.grads, MathPrinter.Format.TEXT);
        List<String> gradLabels = new ArrayList<>(grad.lines().keySet());
        int shown = 0;
        for (Node u : targets) {
            Node total = w.grads.adjoints().adjoints().get(u);
            if (total == null) {
                continue;
            }
            List<String> products = new ArrayList<>();
            List<String> numbers = new ArrayList<>();
            for (Map.Entry<Node, Map<Node, Node>> e : local.entrySet()) {
                Node d = e.getValue().get(u);
                if (d == null) {
                    continue;
                }
                Node n = e.getKey();
                String partial = "∂" + w.names.get(n) + "/∂" + w.names.get(u);
                boolean fromLoss = n == w.model.loss();
                products.add(fromLoss ? partial : "dloss/d" + w.names.get(n) + " * " + partial);
                numbers.add(fromLoss ? text.operand(w.value(d)) : text.operand(w.total(n)) + " * " + text.operand(w.value(d)));
            }
            boolean scalarChain = u.shape().isScalar() && !products.isEmpty() && usersAreScalar(w, u);
            String result = text.format(w.eval.eval(total));
            String label = "dloss/d" + w.names.get(u);
            int at = gradLabels.indexOf(label);
            for (; shown < at; shown++) { // the terms grad writes before this line, each with its value
                String term = gradLabels.get(shown);
                if (grad.terms().containsKey(term)) {
                    out.append("  ").append(term).append(" = ").append(grad.lines().get(term)).append(" = ")
                            .append(text.format(w.eval.eval(grad.terms().get(term)))).append('\n');
                }
            }
            shown = Math.max(shown, at + 1);
            out.append("  ").append(label).append(" = ");
            boolean named = backNames.containsKey(total) && !w.names.containsKey(total);
            if (scalarChain || onlyTheLoss(w, local, u, total)) {
                out.append(String.join(" + ", products));
                String nums = String.join(" + ", numbers);
                if (!nums.equals(result) && !nums.equals("(" + result + ")")) {
                    out.append(" = ").append(nums);
                }
            } else if (named) {
                out.append(backNames.get(total)); // the same derivative as one already printed
            } else if (at >= 0) {
                out.append(grad.lines().get(label));
            } else {
                Map<Node, String> others = new HashMap<>(backNames);
                others.remove(total);
                out.append(new MathPrinter(MathPrinter.Format.TEXT, others).print(total));
            }
            out.append(" = ").append(result).append('\n');
            if (!MathPrinter.literal(total)) { // a later 1 is a number, not the name of a derivative that equals it
                backNames.putIfAbsent(total, "dloss/d" + w.names.get(u));
            }
        }
        if (!grad.terms().isEmpty()) {
            out.append("  (").append(GradPrinter.termsNote(List.copyOf(grad.terms().keySet()))).append(")\n");
        }
        out.append("\nGradients (what the optimizer receives for this example)\n");
        for (CheckedModel.Parameter p : w.model.params()) {
            out.append("  dloss/d").append(p.name()).append(" = ").append(text.format(w.value(w.grads.of(p.node())))).append('\n');
        }
        out.append("  (loss = ").append(text.format(w.value(w.model.loss()))).append(")\n");
    }

    /** Whether every named value that uses {@code u} directly is a scalar (so the chain rule reads as products of numbers). */
    private static boolean usersAreScalar(Walkthrough w, Node u) {
        for (Node n : w.named.values()) {
            if (n != u && n instanceof Node.Apply && w.uses(n).contains(u) && !n.shape().isScalar()) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code u} reaches the loss only through the loss's own definition (its total is its local derivative). */
    private static boolean onlyTheLoss(Walkthrough w, Map<Node, Map<Node, Node>> local, Node u, Node total) {
        Map<Node, Node> fromLoss = local.get(w.model.loss());
        return fromLoss != null && fromLoss.get(u) == total;
    }
}
