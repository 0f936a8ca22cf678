package dev.gradus.compiler.print;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.diff.Differentiator;
import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.eval.Evaluator;
import dev.gradus.compiler.eval.InitialValues;
import dev.gradus.compiler.eval.Tensor;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Traversal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code gradus explain}: backpropagation as a tutorial tells it, with numbers. The forward pass
 * value by value, the local derivative of each named value with respect to what it uses, the
 * backward products of the chain rule, and the final gradient of every parameter.
 */
public final class Explainer {
    private Explainer() {}

    public static String explain(CheckedModel model, Map<String, double[]> at) {
        Map<Node, Tensor> leaves = new HashMap<>();
        for (Node.Input in : model.fields()) {
            double[] v = at.get(in.name());
            if (v == null) {
                throw new IllegalArgumentException("explain needs a value for " + (in.target() ? "target" : "input") + " '"
                        + in.name() + "' (--at " + in.name() + "=...)");
            }
            leaves.put(in, tensor(in.name(), in.shape(), v));
        }
        // Parameters not given start where the trainer starts them: their initializers, with the train block's seed.
        Map<String, double[]> initial = InitialValues.of(model, model.train().seed());
        for (CheckedModel.Parameter p : model.params()) {
            double[] v = at.getOrDefault(p.name(), initial.get(p.name()));
            leaves.put(p.node(), tensor(p.name(), p.node().shape(), v));
        }
        for (String name : at.keySet()) {
            boolean known = model.fields().stream().anyMatch(f -> f.name().equals(name))
                    || model.params().stream().anyMatch(p -> p.name().equals(name));
            if (!known) {
                throw new IllegalArgumentException("'" + name + "' is not an input, target or parameter of model " + model.name());
            }
        }
        Evaluator eval = new Evaluator(leaves);
        // The named values, in order, ending with the loss.
        Map<String, Node> named = new LinkedHashMap<>(model.values());
        named.putIfAbsent("loss", model.loss());
        Map<Node, String> names = model.valueNames();
        names.putIfAbsent(model.loss(), "loss");
        model.params().forEach(p -> names.put(p.node(), p.name()));
        model.fields().forEach(f -> names.put(f, f.name()));

        StringBuilder out = new StringBuilder();
        out.append("Forward pass\n");
        MathPrinter symbolic = new MathPrinter(MathPrinter.Format.TEXT, names);
        MathPrinter numeric = new MathPrinter(MathPrinter.Format.TEXT, n -> names.containsKey(n) ? value(eval.eval(n)) : null);
        for (Map.Entry<String, Node> e : named.entrySet()) {
            Node n = e.getValue();
            if (!(n instanceof Node.Apply)) {
                continue;
            }
            String sym = symbolic.print(n);
            String num = numeric.print(n);
            String result = eval.eval(n).toString();
            out.append("  ").append(e.getKey()).append(" = ").append(sym);
            // The numbers substituted in, where they are few enough to read.
            if (!num.equals(sym) && !num.equals(result) && num.length() <= 120) {
                out.append(" = ").append(num);
            }
            out.append(" = ").append(result).append('\n');
        }

        // Local derivatives: each named scalar value with respect to the named values and parameters it uses.
        Set<Node> stops = new HashSet<>(names.keySet());
        out.append("\nLocal gradients\n");
        Map<Node, Map<Node, Node>> local = new LinkedHashMap<>();
        List<Node> order = new ArrayList<>(named.values());
        for (int k = order.size() - 1; k >= 0; k--) {
            Node n = order.get(k);
            if (!(n instanceof Node.Apply) || !n.shape().isScalar()) {
                continue;
            }
            List<Node> uses = new ArrayList<>();
            for (Node d : Traversal.topologicalOrder(List.of(n), without(stops, n))) {
                if (d != n && stops.contains(d) && !(d instanceof Node.Input)) {
                    uses.add(d);
                }
            }
            Differentiator.Adjoints adj = Differentiator.differentiate(model.graph(), n, uses, without(stops, n));
            Map<Node, Node> edges = new LinkedHashMap<>();
            for (Node u : uses) {
                Node d = adj.of(u, model.graph());
                edges.put(u, d);
                String sym = symbolic.print(d);
                String result = eval.eval(d).toString();
                out.append("  d").append(names.get(n)).append("/d").append(names.get(u)).append(" = ").append(sym);
                if (!sym.equals(result)) {
                    out.append(" = ").append(result);
                }
                out.append('\n');
            }
            local.put(n, edges);
        }

        // Backward: dloss/dU = sum over the values N that use U of dloss/dN * dN/dU.
        ModelGradients grads = ModelGradients.of(model);
        out.append("\nBackward pass\n");
        List<Node> targets = new ArrayList<>();
        for (int k = order.size() - 1; k >= 0; k--) {
            if (order.get(k) != model.loss()) {
                targets.add(order.get(k));
            }
        }
        model.params().forEach(p -> targets.add(p.node()));
        Map<Node, String> backNames = new HashMap<>(names);
        for (Node u : targets) {
            Node total = grads.adjoints().adjoints().get(u);
            if (total == null) {
                continue;
            }
            List<String> products = new ArrayList<>();
            List<String> numbers = new ArrayList<>();
            boolean scalarChain = true;
            boolean fromTheLoss = false;
            for (Map.Entry<Node, Map<Node, Node>> e : local.entrySet()) {
                Node d = e.getValue().get(u);
                if (d == null) {
                    continue;
                }
                Node n = e.getKey();
                String upstream = n == model.loss() ? null : "dloss/d" + names.get(n);
                fromTheLoss |= n == model.loss();
                products.add((upstream == null ? "" : upstream + " * ") + "d" + names.get(n) + "/d" + names.get(u));
                Tensor up = n == model.loss() ? Tensor.scalar(1) : eval.eval(grads.adjoints().of(n, model.graph()));
                numbers.add((upstream == null ? "" : value(up) + " * ") + value(eval.eval(d)));
            }
            for (Node n : order) {
                if (n != u && names.containsKey(n) && grads.adjoints().adjoints().containsKey(n) && !n.shape().isScalar()) {
                    scalarChain = false;
                }
            }
            String result = eval.eval(total).toString();
            boolean usedByTheLossAlone = fromTheLoss && local.get(model.loss()).get(u) == total;
            if (!names.containsKey(total)) {
                backNames.putIfAbsent(total, "dloss/d" + names.get(u));
            }
            if (usedByTheLossAlone) {
                continue; // its derivative is already among the local gradients
            }
            out.append("  dloss/d").append(names.get(u)).append(" = ");
            if (scalarChain && !products.isEmpty() && u.shape().isScalar()) {
                out.append(String.join(" + ", products)).append(" = ").append(String.join(" + ", numbers));
            } else {
                Map<Node, String> others = new HashMap<>(backNames);
                others.remove(total);
                out.append(new MathPrinter(MathPrinter.Format.TEXT, others).print(total));
            }
            out.append(" = ").append(result).append('\n');
        }
        out.append("\nGradients\n");
        for (CheckedModel.Parameter p : model.params()) {
            out.append("  dloss/d").append(p.name()).append(" = ").append(eval.eval(grads.of(p.node()))).append('\n');
        }
        out.append("  (loss = ").append(eval.eval(model.loss())).append(")\n");
        return out.toString();
    }

    private static Set<Node> without(Set<Node> set, Node n) {
        Set<Node> s = new HashSet<>(set);
        s.remove(n);
        return s;
    }

    private static String value(Tensor t) {
        String s = t.toString();
        return t.shape().isScalar() && t.item() < 0 ? "(" + s + ")" : s;
    }

    private static Tensor tensor(String name, dev.gradus.compiler.ir.Shape shape, double[] v) {
        if (v.length != shape.size()) {
            throw new IllegalArgumentException("'" + name + "' has shape " + shape + " (" + shape.size() + " values), found "
                    + v.length + " values");
        }
        return new Tensor(shape, v.clone());
    }
}
