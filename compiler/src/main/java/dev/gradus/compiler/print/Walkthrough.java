package dev.gradus.compiler.print;

import dev.gradus.compiler.diff.Differentiator;
import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.eval.Evaluator;
import dev.gradus.compiler.eval.InitialValues;
import dev.gradus.compiler.eval.Tensor;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.ir.Traversal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One example's forward and backward pass, evaluated: the values a walkthrough prints. Holds the
 * model's named values in order (ending with the loss), every node's name, an evaluator with the
 * example and the parameters bound, the total derivatives, and the local derivatives of each named
 * value with respect to the named values and parameters it uses directly.
 */
final class Walkthrough {
    final CheckedModel model;
    final Evaluator eval;
    final Map<String, Node> named = new LinkedHashMap<>();
    final Map<Node, String> names;
    final ModelGradients grads;
    final Set<Node> stops;
    final Map<String, Tensor> params = new LinkedHashMap<>();

    Walkthrough(CheckedModel model, Map<String, double[]> at) {
        this.model = model;
        Map<Node, Tensor> leaves = new HashMap<>();
        for (String name : at.keySet()) {
            boolean known = model.fields().stream().anyMatch(f -> f.name().equals(name))
                    || model.params().stream().anyMatch(p -> p.name().equals(name));
            if (!known) {
                throw new IllegalArgumentException("'" + name + "' is not an input, target or parameter of model " + model.name());
            }
        }
        for (Node.Input in : model.fields()) {
            double[] v = at.get(in.name());
            if (v == null) {
                throw new IllegalArgumentException("the example has no value for " + (in.target() ? "target" : "input") + " '"
                        + in.name() + "' (give it with --at " + in.name() + "=..., or take the example from --data)");
            }
            if (in.isClass() && (v.length != in.shape().size()
                    || java.util.Arrays.stream(v).anyMatch(c -> c != Math.rint(c) || c < 0 || c >= in.classes()))) {
                throw new IllegalArgumentException("'" + in.name() + "' is " + (in.shape().isScalar() ? "a class index" : in.shape()
                        + " class indices") + " in 0.." + (in.classes() - 1)
                        + ", found " + java.util.Arrays.stream(v).mapToObj(dev.gradus.runtime.Numbers::written).toList()); // 3, not 3.0
            }
            leaves.put(in, tensor(in.name(), in.shape(), v));
        }
        // Parameters not given start where the trainer starts them: their initializers, with the train block's seed.
        Map<String, double[]> initial = InitialValues.of(model, model.train().seed());
        for (CheckedModel.Parameter p : model.params()) {
            Tensor t = tensor(p.name(), p.node().shape(), at.getOrDefault(p.name(), initial.get(p.name())));
            leaves.put(p.node(), t);
            params.put(p.name(), t);
        }
        eval = new Evaluator(leaves);
        named.putAll(model.values());
        named.remove("loss");
        named.put("loss", model.loss());
        names = model.valueNames();
        names.put(model.loss(), "loss");
        model.params().forEach(p -> names.put(p.node(), p.name()));
        model.fields().forEach(f -> names.put(f, f.name()));
        grads = ModelGradients.of(model);
        stops = new HashSet<>(names.keySet());
    }

    Tensor value(Node n) {
        return eval.eval(n);
    }

    /** dloss/dn, evaluated (1 for the loss itself). */
    Tensor total(Node n) {
        return n == model.loss() ? Tensor.scalar(1) : eval.eval(grads.adjoints().of(n, model.graph()));
    }

    /** The named values and parameters that {@code n}'s own definition uses (inputs and targets left out). */
    List<Node> uses(Node n) {
        List<Node> uses = new ArrayList<>();
        for (Node d : Traversal.topologicalOrder(List.of(n), without(n))) {
            if (d != n && stops.contains(d) && !(d instanceof Node.Input)) {
                uses.add(d);
            }
        }
        return uses;
    }

    /** ∂root/∂u for a scalar {@code root} (a named value, or an element of one), named values other than it held fixed. */
    Node local(Node root, Node definedBy, Node u) {
        Set<Node> fixed = without(definedBy);
        Differentiator.Adjoints adj = Differentiator.differentiate(model.graph(), root, List.of(u), fixed);
        return adj.of(u, model.graph());
    }

    Set<Node> without(Node n) {
        Set<Node> s = new HashSet<>(stops);
        s.remove(n);
        return s;
    }

    private static Tensor tensor(String name, Shape shape, double[] v) {
        if (v.length != shape.size()) {
            throw new IllegalArgumentException("'" + name + "' has shape " + shape + " (" + shape.size() + " values), found "
                    + v.length + " values");
        }
        return new Tensor(shape, v.clone());
    }

    /**
     * Null when the example's loss and every gradient are finite; else what went wrong first: the first named value
     * (in the model's order) that is NaN or infinite, as the file writes it, or the first gradient that is not finite.
     */
    String notFinite() {
        SourceForms source = new SourceForms(model);
        for (Map.Entry<String, Node> e : named.entrySet()) {
            java.util.OptionalDouble bad = firstNotFinite(value(e.getValue()).data());
            if (bad.isPresent()) {
                String sym = source.text(e.getKey());
                return e.getValue() == model.loss() ? "the loss is " + bad.getAsDouble()
                        : e.getKey() + (sym == null ? "" : " = " + sym) + " is " + bad.getAsDouble() + ", the first value that is not finite";
            }
        }
        for (CheckedModel.Parameter p : model.params()) {
            java.util.OptionalDouble bad = firstNotFinite(value(grads.of(p.node())).data());
            if (bad.isPresent()) {
                return "the loss is finite but its gradient dloss/d" + p.name() + " is " + bad.getAsDouble();
            }
        }
        return null;
    }

    private static java.util.OptionalDouble firstNotFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return java.util.OptionalDouble.of(v);
            }
        }
        return java.util.OptionalDouble.empty();
    }
}
