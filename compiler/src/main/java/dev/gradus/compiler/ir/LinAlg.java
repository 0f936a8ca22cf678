package dev.gradus.compiler.ir;

import java.util.Arrays;
import java.util.List;

/** Products and transposition, with the matrix-calculus forms a person writes for their derivatives. */
public enum LinAlg implements Op {
    /** {@code [m,k]@[k,n]}, {@code [m,k]@[k]}, {@code [k]@[k,n]} or {@code [k]@[k]}. */
    MATMUL("@", 2) {
        @Override
        public Shape shape(List<Shape> s) {
            Shape a = s.get(0), b = s.get(1);
            if (a.isScalar() || b.isScalar()) {
                throw new ShapeException(a + " @ " + b + ": @ needs vectors or matrices, found a scalar (use * to scale)");
            }
            if (a.rank() > 2 || b.rank() > 2) {
                throw new ShapeException(a + " @ " + b + ": @ needs vectors or matrices (flatten a tensor of rank 3 or 4 first)");
            }
            int inner = a.isMatrix() ? a.cols() : a.length();
            if (inner != b.length()) {
                throw new ShapeException(a + " @ " + b + ": inner dimensions " + inner + " and " + b.length() + " differ");
            }
            if (a.isMatrix()) {
                return b.isMatrix() ? Shape.matrix(a.rows(), b.cols()) : Shape.vector(a.rows());
            }
            return b.isMatrix() ? Shape.vector(b.cols()) : Shape.SCALAR;
        }

        @Override
        public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
            Node a = self.arg(0), b = self.arg(1);
            if (a.shape().isMatrix() && b.shape().isMatrix()) {
                return List.of(graph.matmul(g, graph.transpose(b)), graph.matmul(graph.transpose(a), g));
            } else if (a.shape().isMatrix()) {
                return List.of(graph.apply(OUTER, g, b), graph.matmul(graph.transpose(a), g));
            } else if (b.shape().isMatrix()) {
                return List.of(graph.matmul(b, g), graph.apply(OUTER, a, g));
            }
            return List.of(graph.mul(g, b), graph.mul(g, a));
        }
    },
    /** {@code dot(a, b)} of two vectors of one length. */
    DOT("dot", 2) {
        @Override
        public Shape shape(List<Shape> s) {
            if (!s.get(0).isVector() || !s.get(1).isVector() || s.get(0).length() != s.get(1).length()) {
                throw new ShapeException("dot needs two vectors of one length, found " + s.get(0) + " and " + s.get(1));
            }
            return Shape.SCALAR;
        }

        @Override
        public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
            return List.of(graph.mul(g, self.arg(1)), graph.mul(g, self.arg(0)));
        }
    },
    /** {@code outer(a, b)[i, j] = a[i] b[j]}. */
    OUTER("outer", 2) {
        @Override
        public Shape shape(List<Shape> s) {
            if (!s.get(0).isVector() || !s.get(1).isVector()) {
                throw new ShapeException("outer needs two vectors, found " + s.get(0) + " and " + s.get(1));
            }
            return Shape.matrix(s.get(0).length(), s.get(1).length());
        }

        @Override
        public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
            return List.of(graph.matmul(g, self.arg(1)), graph.matmul(self.arg(0), g));
        }
    },
    /** The transpose of a matrix. */
    TRANSPOSE("transpose", 1) {
        @Override
        public Shape shape(List<Shape> s) {
            if (!s.get(0).isMatrix()) {
                throw new ShapeException("transpose needs a matrix, found " + s.get(0));
            }
            return Shape.matrix(s.get(0).cols(), s.get(0).rows());
        }

        @Override
        public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
            return Arrays.asList(graph.transpose(g));
        }
    };

    private final String label;
    private final int arity;

    LinAlg(String label, int arity) {
        this.label = label;
        this.arity = arity;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public int arity() {
        return arity;
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
        return visitor.linAlg(this);
    }

    @Override
    public Signature signature() {
        return switch (this) {
            case MATMUL -> null; // the operator @
            case DOT, OUTER -> Signature.of(label, "a", "b");
            case TRANSPOSE -> Signature.of(label, "A");
        };
    }

    @Override
    public boolean readsArgumentsFromBuffers() {
        return this == MATMUL;
    }

    @Override
    public Lowering lowering() {
        return switch (this) {
            case MATMUL, DOT -> Lowering.KERNEL;
            case OUTER -> Lowering.GATHER;
            case TRANSPOSE -> Lowering.REINDEX;
        };
    }

    @Override
    public double[] value(List<double[]> x, List<Shape> shapes, Shape out) {
        double[] r = new double[out.size()];
        double[] a = x.get(0);
        return switch (this) { // an expression: a new product without its value does not compile
            case MATMUL -> {
                Shape sa = shapes.get(0);
                Shape sb = shapes.get(1);
                int m = sa.isMatrix() ? sa.rows() : 1;
                int k = sa.isMatrix() ? sa.cols() : sa.length();
                int n = sb.isMatrix() ? sb.cols() : 1;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double s = 0;
                        for (int p = 0; p < k; p++) {
                            s += a[i * k + p] * x.get(1)[p * n + j];
                        }
                        r[i * n + j] = s;
                    }
                }
                yield r;
            }
            case DOT -> {
                for (int k = 0; k < a.length; k++) {
                    r[0] += a[k] * x.get(1)[k];
                }
                yield r;
            }
            case OUTER -> {
                for (int i = 0; i < out.rows(); i++) {
                    for (int j = 0; j < out.cols(); j++) {
                        r[i * out.cols() + j] = a[i] * x.get(1)[j];
                    }
                }
                yield r;
            }
            case TRANSPOSE -> {
                for (int i = 0; i < out.rows(); i++) {
                    for (int j = 0; j < out.cols(); j++) {
                        r[i * out.cols() + j] = a[j * out.rows() + i];
                    }
                }
                yield r;
            }
        };
    }

    @Override
    public MathForm plain(List<MathForm> args, boolean tensors, boolean unicode) {
        return switch (this) {
            case MATMUL -> MathForm.plainInfix(args, " @ ", MathForm.MUL);
            case TRANSPOSE -> unicode ? new MathForm(args.get(0).plainWrap(MathForm.ATOM) + "ᵀ", MathForm.POW)
                    : MathForm.plainCall(label, args);
            case DOT, OUTER -> MathForm.plainCall(label, args);
        };
    }

    @Override
    public MathForm latex(List<MathForm> args, boolean tensors, int axis) {
        MathForm a = args.get(0);
        return switch (this) {
            case MATMUL -> new MathForm(a.wrap(MathForm.MUL + 1) + " " + args.get(1).wrap(MathForm.MUL + 1), MathForm.MUL);
            case TRANSPOSE -> new MathForm(a.wrap(MathForm.ATOM) + "^{\\top}", MathForm.POW);
            case OUTER -> new MathForm(a.wrap(MathForm.MUL + 1) + " " + args.get(1).wrap(MathForm.ATOM) + "^{\\top}", MathForm.MUL);
            case DOT -> new MathForm(a.wrap(MathForm.ATOM) + "^{\\top} " + args.get(1).wrap(MathForm.MUL + 1), MathForm.MUL);
        };
    }
}
