package dev.gradus.compiler.simplify;

import dev.gradus.compiler.ir.Binary;
import dev.gradus.compiler.ir.Elementwise;
import dev.gradus.compiler.ir.Expand;
import dev.gradus.compiler.ir.Graph;
import dev.gradus.compiler.ir.LinAlg;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Op;
import dev.gradus.compiler.ir.Reduce;
import dev.gradus.compiler.ir.Rewriter;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.ir.Unary;
import dev.gradus.compiler.ir.VectorOp;
import java.util.List;

/**
 * Algebraic simplification, applied as each node is built: constant folding, the identities
 * ({@code x*1}, {@code x*0}, {@code x+0}, {@code --x}, {@code transpose(transpose(A))},
 * {@code log(exp x)}, {@code exp(log x)} for positive x), and sign normalization. Every rule makes
 * the expression smaller, so rewriting terminates. No rule changes a value beyond rounding.
 */
public final class Simplifier implements Rewriter {

    @Override
    public Node rewrite(Op op, List<Node> args, Shape shape, Graph g) {
        Node folded = fold(op, args, shape, g);
        if (folded != null) {
            return folded;
        }
        if (op instanceof Binary b) {
            return binary(b, args.get(0), args.get(1), shape, g);
        }
        if (op instanceof Unary u) {
            return unary(u, args.get(0), g);
        }
        Node x = args.get(0);
        if (op == LinAlg.TRANSPOSE && isApply(x, LinAlg.TRANSPOSE)) {
            return x.args().get(0);
        }
        if (op == LinAlg.MATMUL || op == LinAlg.OUTER || op == LinAlg.DOT) {
            if (isConst(args.get(0), 0) || isConst(args.get(1), 0)) {
                return g.constant(0, shape);
            }
        }
        if (op instanceof Reduce r && r.axis() == -1 && x.shape().isScalar()) {
            return x;
        }
        if (op instanceof Reduce r && r.axis() == -1 && x instanceof Node.Apply a && a.op() instanceof Expand e
                && e.axis() == -1) {
            return g.mul(g.constant(x.shape().size()), a.arg(0));
        }
        if (op instanceof Expand && x.shape().equals(shape)) {
            return x;
        }
        return null;
    }

    private static Node fold(Op op, List<Node> args, Shape shape, Graph g) {
        for (Node a : args) {
            if (!(a instanceof Node.Constant)) {
                return null;
            }
        }
        if (op instanceof Elementwise e) {
            double[] values = new double[args.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = ((Node.Constant) args.get(i)).value();
            }
            return g.constant(e.apply(values), shape);
        }
        double c = ((Node.Constant) args.get(0)).value();
        if (op instanceof Expand || op == LinAlg.TRANSPOSE) {
            return g.constant(c, shape);
        }
        if (op instanceof Reduce) {
            return g.constant(c * args.get(0).shape().size() / shape.size(), shape);
        }
        if (op == VectorOp.SOFTMAX) {
            return g.constant(1.0 / shape.length(), shape);
        }
        return null;
    }

    private static Node binary(Binary op, Node a, Node b, Shape shape, Graph g) {
        switch (op) {
            case ADD -> {
                if (isConst(b, 0)) {
                    return fit(a, shape, g);
                }
                if (isConst(a, 0)) {
                    return fit(b, shape, g);
                }
                if (isApply(b, Unary.NEG)) {
                    return g.sub(a, b.args().get(0));
                }
                if (isApply(a, Unary.NEG)) {
                    return g.sub(b, a.args().get(0));
                }
            }
            case SUB -> {
                if (isConst(b, 0)) {
                    return fit(a, shape, g);
                }
                if (isConst(a, 0)) {
                    return fit(g.neg(b), shape, g);
                }
                if (a == b) {
                    return g.constant(0, shape);
                }
                if (isApply(b, Unary.NEG)) {
                    return g.add(a, b.args().get(0));
                }
            }
            case MUL -> {
                if (isConst(a, 0) || isConst(b, 0)) {
                    return g.constant(0, shape);
                }
                if (isConst(b, 1)) {
                    return fit(a, shape, g);
                }
                if (isConst(a, 1)) {
                    return fit(b, shape, g);
                }
                if (isConst(b, -1)) {
                    return fit(g.neg(a), shape, g);
                }
                if (isConst(a, -1)) {
                    return fit(g.neg(b), shape, g);
                }
                if (isApply(a, Unary.NEG)) {
                    return g.neg(g.mul(a.args().get(0), b));
                }
                if (isApply(b, Unary.NEG)) {
                    return g.neg(g.mul(a, b.args().get(0)));
                }
                if (b instanceof Node.Constant && !(a instanceof Node.Constant)) {
                    return g.mul(b, a); // constants first: 2 * x
                }
                if (a instanceof Node.Constant ca && b instanceof Node.Apply m && m.op() == Binary.MUL
                        && m.arg(0) instanceof Node.Constant cb) {
                    return g.mul(g.mul(ca, cb), m.arg(1)); // c1 * (c2 * x) = (c1 c2) * x, the constants folded
                }
            }
            case DIV -> {
                if (isConst(b, 1)) {
                    return fit(a, shape, g);
                }
                if (isConst(a, 0)) {
                    return g.constant(0, shape);
                }
                if (isApply(a, Unary.NEG)) {
                    return g.neg(g.div(a.args().get(0), b));
                }
            }
            case POW -> {
                if (isConst(b, 1)) {
                    return fit(a, shape, g);
                }
                if (isConst(b, 0)) {
                    return g.constant(1, shape);
                }
            }
            default -> {
                return null;
            }
        }
        return null;
    }

    private static Node unary(Unary op, Node x, Graph g) {
        if (op == Unary.NEG && isApply(x, Unary.NEG)) {
            return x.args().get(0);
        }
        if (op == Unary.LOG && isApply(x, Unary.EXP)) {
            return x.args().get(0);
        }
        if (op == Unary.EXP && isApply(x, Unary.LOG) && positive(x.args().get(0))) {
            return x.args().get(0);
        }
        return null;
    }

    /** True where every element of {@code x} is known to be positive, so {@code exp(log x) = x}. */
    private static boolean positive(Node x) {
        if (x instanceof Node.Constant c) {
            return c.value() > 0;
        }
        return isApply(x, Unary.EXP) || isApply(x, Unary.SIGMOID) || isApply(x, VectorOp.SOFTMAX);
    }

    /** {@code x} broadcast to {@code shape}, or x itself if it already has it. */
    private static Node fit(Node x, Shape shape, Graph g) {
        if (x.shape().equals(shape)) {
            return x;
        }
        if (x.shape().isScalar()) {
            return g.expand(x, shape, -1);
        }
        return g.expand(x, shape, 0);
    }

    static boolean isConst(Node n, double value) {
        return n instanceof Node.Constant c && c.value() == value;
    }

    static boolean isApply(Node n, Op op) {
        return n instanceof Node.Apply a && a.op().equals(op);
    }
}
