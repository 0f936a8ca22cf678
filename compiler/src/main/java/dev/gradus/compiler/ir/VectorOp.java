package dev.gradus.compiler.ir;

import java.util.List;

/** Numerically stable functions over a whole vector, each with its derivative beside it. */
public enum VectorOp implements Op {
    /** {@code exp(x - max x) / sum exp(x - max x)}; vjp {@code y (g - sum(g y))}. */
    SOFTMAX("softmax") {
        @Override
        public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
            return List.of(graph.mul(self, graph.sub(g, graph.sum(graph.mul(g, self)))));
        }
    },
    /** {@code x - logsumexp(x)}; vjp {@code g - softmax(x) sum(g)}. */
    LOG_SOFTMAX("log_softmax") {
        @Override
        public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
            return List.of(graph.sub(g, graph.mul(graph.apply(SOFTMAX, self.arg(0)), graph.sum(g))));
        }
    },
    /** {@code max x + log sum exp(x - max x)}, a scalar; vjp {@code g softmax(x)}. */
    LOGSUMEXP("logsumexp") {
        @Override
        public Shape shape(List<Shape> args) {
            super.shape(args);
            return Shape.SCALAR;
        }

        @Override
        public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
            return List.of(graph.mul(g, graph.apply(SOFTMAX, self.arg(0))));
        }
    };

    private final String label;

    VectorOp(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public Shape shape(List<Shape> args) {
        if (!args.get(0).isVector()) {
            throw new ShapeException(label + " works over a vector, found " + args.get(0));
        }
        return args.get(0);
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
        return visitor.vectorOp(this);
    }
}
