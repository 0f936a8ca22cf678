package dev.gradus.compiler.eval;

import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A direct, unoptimized interpreter of the IR for one example, in double precision. It is the
 * oracle the tests hold generated code and derivatives against, and what {@code gradus explain}
 * uses to show numbers; trainers never run it. Each op's value is the op's own ({@code Op.value}),
 * so there is no table here that a new op could be missing from.
 */
public final class Evaluator {
    private final Map<Node, Tensor> values = new HashMap<>();

    /** {@code leaves} gives each input, target (a class index as a scalar) and parameter its value. */
    public Evaluator(Map<? extends Node, Tensor> leaves) {
        values.putAll(leaves);
    }

    public Tensor eval(Node node) {
        Tensor known = values.get(node);
        if (known != null) {
            return known;
        }
        Tensor t;
        if (node instanceof Node.Constant c) {
            t = Tensor.filled(c.shape(), c.value());
        } else if (node instanceof Node.Apply a) {
            List<double[]> args = new ArrayList<>();
            List<Shape> shapes = new ArrayList<>();
            for (Node arg : a.args()) {
                args.add(eval(arg).data());
                shapes.add(arg.shape());
            }
            double[] r = a.op().value(args, shapes, a.shape());
            if (r.length != a.shape().size()) {
                throw new IllegalStateException(a.op().label() + " gave " + r.length + " values for shape " + a.shape());
            }
            t = new Tensor(a.shape(), r);
        } else {
            throw new IllegalArgumentException("no value given for " + node); // an input or parameter not in the leaves
        }
        values.put(node, t);
        return t;
    }
}
