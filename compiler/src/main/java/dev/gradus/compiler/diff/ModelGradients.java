package dev.gradus.compiler.diff;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Node;
import java.util.LinkedHashMap;
import java.util.Map;

/** The per-example gradient of a model's loss with respect to each of its parameters, as IR. */
public record ModelGradients(CheckedModel model, Differentiator.Adjoints adjoints, Map<Node.Param, Node> gradients) {

    public static ModelGradients of(CheckedModel model) {
        Differentiator.Adjoints adjoints = Differentiator.differentiate(model.graph(), model.loss(), model.paramNodes());
        Map<Node.Param, Node> gradients = new LinkedHashMap<>();
        for (Node.Param p : model.paramNodes()) {
            gradients.put(p, adjoints.of(p, model.graph()));
        }
        return new ModelGradients(model, adjoints, gradients);
    }

    public Node of(Node.Param p) {
        return gradients.get(p);
    }
}
