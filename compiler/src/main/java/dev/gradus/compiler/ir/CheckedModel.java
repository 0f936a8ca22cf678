package dev.gradus.compiler.ir;

import dev.gradus.compiler.diag.Position;
import dev.gradus.compiler.diag.Source;
import java.util.List;
import java.util.Map;

/**
 * A model that passed every check, as typed IR: its inputs and targets, parameters with their
 * initializers, named values (in definition order), the per-example loss, the outputs
 * ({@code output z, p}; none, one or several), and its training settings.
 */
public record CheckedModel(
        Source source,
        Position pos,
        String name,
        Graph graph,
        List<Node.Input> fields,
        List<Parameter> params,
        Map<String, Node> values,
        Node loss,
        List<String> outputNames,
        List<Node> outputs,
        TrainConfig train) {

    /** The first output's name, or null if the model declares none. */
    public String outputName() {
        return outputNames.isEmpty() ? null : outputNames.get(0);
    }

    /** The first output, or null if the model declares none. */
    public Node output() {
        return outputs.isEmpty() ? null : outputs.get(0);
    }

    /** A learnable parameter and how it starts. */
    public record Parameter(Node.Param node, Init init, Position pos) {
        public String name() {
            return node.name();
        }
    }

    public List<Node.Input> inputs() {
        return fields.stream().filter(f -> !f.target()).toList();
    }

    public List<Node.Input> targets() {
        return fields.stream().filter(Node.Input::target).toList();
    }

    /** Each named value's node with the first name the model gives it (equal expressions are one node). */
    public Map<Node, String> valueNames() {
        Map<Node, String> names = new java.util.HashMap<>();
        values.forEach((name, node) -> names.putIfAbsent(node, name));
        return names;
    }

    public List<Node.Param> paramNodes() {
        return params.stream().map(Parameter::node).toList();
    }
}
