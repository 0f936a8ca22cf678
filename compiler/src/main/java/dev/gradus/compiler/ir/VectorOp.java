package dev.gradus.compiler.ir;

import java.util.List;

/**
 * Numerically stable functions over a whole vector, each with its value and derivative beside it
 * (a constant without its value does not compile); all three are computed from the vector's
 * maximum and {@code sum(exp(x - max))}, which is how the emitter prints them too.
 */
public enum VectorOp implements Op {
    /** {@code exp(x - max x) / sum exp(x - max x)}; vjp {@code y (g - sum(g y))}. */
    SOFTMAX("softmax") {
        @Override
        public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
            return List.of(graph.mul(self, graph.sub(g, graph.sum(graph.mul(g, self)))));
        }

        @Override
        double[] value(double[] z, double max, double sum) {
            double[] r = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                r[i] = Math.exp(z[i] - max) / sum;
            }
            return r;
        }
    },
    /** {@code x - logsumexp(x)}; vjp {@code g - softmax(x) sum(g)}. */
    LOG_SOFTMAX("log_softmax") {
        @Override
        public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
            return List.of(graph.sub(g, graph.mul(graph.apply(SOFTMAX, self.arg(0)), graph.sum(g))));
        }

        @Override
        double[] value(double[] z, double max, double sum) {
            double[] r = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                r[i] = z[i] - (max + Math.log(sum));
            }
            return r;
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

        @Override
        double[] value(double[] z, double max, double sum) {
            return new double[] {max + Math.log(sum)};
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

    /** The value from the vector {@code z}, its maximum and {@code sum(exp(z - max))}. */
    abstract double[] value(double[] z, double max, double sum);

    @Override
    public double[] value(List<double[]> args, List<Shape> shapes, Shape out) {
        double[] z = args.get(0);
        double max = Double.NEGATIVE_INFINITY;
        for (double d : z) {
            max = Math.max(max, d);
        }
        double sum = 0;
        for (double d : z) {
            sum += Math.exp(d - max);
        }
        return value(z, max, sum);
    }

    @Override
    public Lowering lowering() {
        return Lowering.KERNEL;
    }

    /** {@code softmax(x, axis = -1)}: over a vector, or along an axis of a matrix ({@link AlongAxis}). */
    @Override
    public Signature signature() {
        return Signature.of(label, "x").withConstant("axis", -1.0);
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
        return visitor.vectorOp(this);
    }
}
