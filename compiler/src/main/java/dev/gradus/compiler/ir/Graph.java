package dev.gradus.compiler.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes IR nodes. Every node is hash-consed: asking twice for the same operation on the same
 * arguments gives the same node, so common subexpressions are shared for free. Each application
 * is first offered to a {@link Rewriter}, which is how the simplifier works as nodes are built.
 */
public final class Graph {
    private record Key(Op op, List<Integer> args) {}

    private record ConstKey(double value, Shape shape) {}

    private final Map<Key, Node> applications = new HashMap<>();
    private final Map<ConstKey, Node.Constant> constants = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Rewriter rewriter;

    public Graph(Rewriter rewriter) {
        this.rewriter = rewriter;
    }

    /** Every node made so far, in creation order (arguments before their users). */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public Node.Input input(String name, Shape shape, int classes, boolean target) {
        return register(new Node.Input(nodes.size(), name, shape, classes, target));
    }

    public Node.Param param(String name, Shape shape) {
        return register(new Node.Param(nodes.size(), name, shape));
    }

    public Node.Constant constant(double value, Shape shape) {
        double v = value == 0 ? 0.0 : value; // one zero, not two
        return constants.computeIfAbsent(new ConstKey(v, shape), k -> register(new Node.Constant(nodes.size(), v, shape)));
    }

    public Node.Constant constant(double value) {
        return constant(value, Shape.SCALAR);
    }

    /** Applies an op; throws {@link ShapeException} if the arguments' shapes do not fit it. */
    public Node apply(Op op, Node... args) {
        return apply(op, Arrays.asList(args));
    }

    public Node apply(Op op, List<Node> args) {
        if (args.size() != op.arity()) {
            throw new IllegalArgumentException(op.label() + " takes " + op.arity() + " arguments");
        }
        List<Shape> shapes = new ArrayList<>();
        for (Node a : args) {
            shapes.add(a.shape());
        }
        Shape shape = op.shape(shapes);
        Node rewritten = rewriter.rewrite(op, args, shape, this);
        if (rewritten != null) {
            return rewritten;
        }
        return intern(op, args, shape);
    }

    /** Makes the application exactly as asked, without rewriting. */
    public Node intern(Op op, List<Node> args, Shape shape) {
        List<Integer> ids = new ArrayList<>();
        for (Node a : args) {
            ids.add(a.id());
        }
        Key key = new Key(op, ids);
        Node existing = applications.get(key);
        if (existing != null) {
            return existing;
        }
        Node made = register(new Node.Apply(nodes.size(), op, List.copyOf(args), shape));
        applications.put(key, made);
        return made;
    }

    private <N extends Node> N register(N node) {
        nodes.add(node);
        return node;
    }

    // Builders for the ops derivative rules use most.

    public Node add(Node a, Node b) {
        return apply(Binary.ADD, a, b);
    }

    public Node sub(Node a, Node b) {
        return apply(Binary.SUB, a, b);
    }

    public Node mul(Node a, Node b) {
        return apply(Binary.MUL, a, b);
    }

    public Node div(Node a, Node b) {
        return apply(Binary.DIV, a, b);
    }

    public Node pow(Node a, Node b) {
        return apply(Binary.POW, a, b);
    }

    public Node neg(Node a) {
        return apply(Unary.NEG, a);
    }

    public Node sum(Node a) {
        return apply(Reduce.ALL, a);
    }

    public Node matmul(Node a, Node b) {
        return apply(LinAlg.MATMUL, a, b);
    }

    public Node transpose(Node a) {
        return apply(LinAlg.TRANSPOSE, a);
    }

    public Node expand(Node a, Shape to, int axis) {
        return apply(new Expand(to, axis), a);
    }

    /** Sums a broadcast value back down to {@code to}: the adjoint of elementwise broadcasting. */
    public Node unbroadcast(Node value, Shape to) {
        Shape from = value.shape();
        if (from.equals(to)) {
            return value;
        }
        if (to.isScalar()) {
            return sum(value);
        }
        if (from.isMatrix() && to.isVector() && from.cols() == to.length()) {
            return apply(new Reduce(0), value);
        }
        throw new IllegalStateException("cannot unbroadcast " + from + " to " + to);
    }
}
