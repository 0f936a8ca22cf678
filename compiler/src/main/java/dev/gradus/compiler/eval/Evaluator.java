package dev.gradus.compiler.eval;

import dev.gradus.compiler.ir.Elementwise;
import dev.gradus.compiler.ir.Expand;
import dev.gradus.compiler.ir.Index;
import dev.gradus.compiler.ir.LinAlg;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.OneHot;
import dev.gradus.compiler.ir.Op;
import dev.gradus.compiler.ir.OpVisitor;
import dev.gradus.compiler.ir.Pick;
import dev.gradus.compiler.ir.Reduce;
import dev.gradus.compiler.ir.Scatter;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.ir.VectorOp;
import java.util.HashMap;
import java.util.Map;

/**
 * A direct, unoptimized interpreter of the IR for one example, in double precision. It is the
 * oracle the tests hold generated code and derivatives against, and what {@code gradus explain}
 * uses to show numbers; trainers never run it.
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
            Tensor[] args = new Tensor[a.args().size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = eval(a.arg(i));
            }
            t = apply(a.op(), args, a.shape());
        } else {
            throw new IllegalArgumentException("no value given for " + node);
        }
        values.put(node, t);
        return t;
    }

    private static Tensor apply(Op op, Tensor[] x, Shape out) {
        double[] r = new double[out.size()];
        op.accept(new OpVisitor<Void>() {
            public Void elementwise(Elementwise e) {
                double[] a = new double[x.length];
                for (int i = 0; i < out.rows(); i++) {
                    for (int j = 0; j < out.cols(); j++) {
                        for (int k = 0; k < x.length; k++) {
                            a[k] = broadcastGet(x[k], out, i, j);
                        }
                        r[i * out.cols() + j] = e.apply(a);
                    }
                }
                return null;
            }

            public Void linAlg(LinAlg l) {
                switch (l) {
                    case MATMUL -> matmul(x[0], x[1], r);
                    case DOT -> {
                        for (int k = 0; k < x[0].data().length; k++) {
                            r[0] += x[0].data()[k] * x[1].data()[k];
                        }
                    }
                    case OUTER -> {
                        for (int i = 0; i < out.rows(); i++) {
                            for (int j = 0; j < out.cols(); j++) {
                                r[i * out.cols() + j] = x[0].data()[i] * x[1].data()[j];
                            }
                        }
                    }
                    case TRANSPOSE -> {
                        for (int i = 0; i < out.rows(); i++) {
                            for (int j = 0; j < out.cols(); j++) {
                                r[i * out.cols() + j] = x[0].get(j, i);
                            }
                        }
                    }
                }
                return null;
            }

            public Void reduce(Reduce red) {
                Shape s = x[0].shape();
                for (int i = 0; i < s.rows(); i++) {
                    for (int j = 0; j < s.cols(); j++) {
                        int to = red.axis() == -1 || s.isVector() ? 0 : red.axis() == 0 ? j : i;
                        r[to] += x[0].get(i, j);
                    }
                }
                return null;
            }

            public Void expand(Expand e) {
                for (int i = 0; i < out.rows(); i++) {
                    for (int j = 0; j < out.cols(); j++) {
                        r[i * out.cols() + j] = x[0].data()[e.axis() == -1 ? 0 : e.axis() == 0 ? j : i];
                    }
                }
                return null;
            }

            public Void vectorOp(VectorOp v) {
                vector(v, x[0].data(), r);
                return null;
            }

            public Void index(Index ix) {
                Shape s = x[0].shape();
                if (out.isScalar()) {
                    r[0] = s.isVector() ? x[0].data()[ix.i()] : x[0].get(ix.i(), ix.j());
                } else {
                    System.arraycopy(x[0].data(), ix.i() * s.cols(), r, 0, s.cols());
                }
                return null;
            }

            public Void scatter(Scatter sc) {
                if (x[0].shape().isScalar()) {
                    r[sc.to().isVector() ? sc.i() : sc.i() * sc.to().cols() + sc.j()] = x[0].item();
                } else {
                    System.arraycopy(x[0].data(), 0, r, sc.i() * sc.to().cols(), sc.to().cols());
                }
                return null;
            }

            public Void pick(Pick p) {
                r[0] = x[0].data()[(int) x[1].item()];
                return null;
            }

            public Void oneHot(OneHot o) {
                r[(int) x[0].item()] = 1;
                return null;
            }
        });
        return new Tensor(out, r);
    }

    private static void vector(VectorOp v, double[] z, double[] r) {
        double max = Double.NEGATIVE_INFINITY;
        for (double d : z) {
            max = Math.max(max, d);
        }
        double sum = 0;
        for (double d : z) {
            sum += Math.exp(d - max);
        }
        double lse = max + Math.log(sum);
        switch (v) {
            case SOFTMAX -> {
                for (int i = 0; i < z.length; i++) {
                    r[i] = Math.exp(z[i] - max) / sum;
                }
            }
            case LOG_SOFTMAX -> {
                for (int i = 0; i < z.length; i++) {
                    r[i] = z[i] - lse;
                }
            }
            case LOGSUMEXP -> r[0] = lse;
        }
    }

    private static void matmul(Tensor a, Tensor b, double[] r) {
        Shape sa = a.shape();
        Shape sb = b.shape();
        int m = sa.isMatrix() ? sa.rows() : 1;
        int k = sa.isMatrix() ? sa.cols() : sa.length();
        int n = sb.isMatrix() ? sb.cols() : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a.data()[i * k + p] * b.data()[p * n + j];
                }
                r[i * n + j] = s;
            }
        }
    }

    /** Element (i, j) of {@code t} broadcast to {@code out}. */
    static double broadcastGet(Tensor t, Shape out, int i, int j) {
        Shape s = t.shape();
        if (s.isScalar()) {
            return t.data()[0];
        }
        if (s.isVector() && out.isMatrix()) {
            return t.data()[j];
        }
        return t.data()[i * s.cols() + j];
    }
}
