package dev.gradus.compiler.print;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gradus grad}: a model's forward definitions, then the backward pass as the chain rule
 * gives it, one named value at a time ({@code dloss/dh}), then the gradient of every parameter.
 */
public final class GradPrinter {
    private GradPrinter() {}

    public static String print(ModelGradients grads, MathPrinter.Format format) {
        CheckedModel model = grads.model();
        boolean tex = format == MathPrinter.Format.LATEX;
        Map<Node, String> names = model.valueNames();
        StringBuilder out = new StringBuilder();
        out.append(tex ? "% " : "").append("model ").append(model.name()).append("\n\n");
        out.append(tex ? "% " : "").append("forward (one example):\n");
        MathPrinter forward = new MathPrinter(format, names);
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Node> v : model.values().entrySet()) {
            lines.add(line(format, v.getKey(), forward.print(v.getValue())));
        }
        lines.add(line(format, "loss", forward.print(model.loss())));
        lines.forEach(l -> out.append(l).append('\n'));

        // Backward: the adjoint of each named value, latest first, referring to earlier adjoints by name.
        Map<Node, String> backNames = new HashMap<>(names);
        out.append('\n').append(tex ? "% " : "").append("backward (dloss/dX for one example; the step averages over the batch):\n");
        List<String> valueNames = new ArrayList<>(model.values().keySet());
        for (int k = valueNames.size() - 1; k >= 0; k--) {
            String name = valueNames.get(k);
            Node value = model.values().get(name);
            Node adjoint = grads.adjoints().adjoints().get(value);
            if (adjoint == null || value == model.loss()) {
                continue;
            }
            MathPrinter p = new MathPrinter(format, backNames);
            String label = "dloss/d" + name;
            String rhs = backNames.containsKey(adjoint) && !names.containsKey(adjoint) ? backNames.get(adjoint) : p.print(adjoint);
            out.append(line(format, label, rhs)).append('\n');
            backNames.putIfAbsent(adjoint, label);
        }
        for (CheckedModel.Parameter param : model.params()) {
            Node g = grads.of(param.node());
            MathPrinter p = new MathPrinter(format, backNames);
            String rhs = backNames.containsKey(g) && !names.containsKey(g) ? backNames.get(g) : p.print(g);
            out.append(line(format, "dloss/d" + param.name(), rhs)).append('\n');
        }
        return out.toString();
    }

    private static String line(MathPrinter.Format format, String lhs, String rhs) {
        if (format == MathPrinter.Format.LATEX) {
            return MathPrinter.latexName(lhs) + " &= " + rhs + " \\\\";
        }
        return "  " + lhs + " = " + rhs;
    }
}
