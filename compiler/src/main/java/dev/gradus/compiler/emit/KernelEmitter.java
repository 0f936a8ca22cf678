package dev.gradus.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradus.compiler.ir.AlongAxis;
import dev.gradus.compiler.ir.Dropout;
import dev.gradus.compiler.ir.Elementwise;
import dev.gradus.compiler.ir.Embedding;
import dev.gradus.compiler.ir.EmbeddingGrad;
import dev.gradus.compiler.ir.Expand;
import dev.gradus.compiler.ir.Index;
import dev.gradus.compiler.ir.LinAlg;
import dev.gradus.compiler.ir.Lowering;
import dev.gradus.compiler.ir.OneHot;
import dev.gradus.compiler.ir.Op;
import dev.gradus.compiler.ir.OpVisitor;
import dev.gradus.compiler.ir.Pick;
import dev.gradus.compiler.ir.Scatter;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Reduce;
import dev.gradus.compiler.ir.Reshape;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.ir.VectorOp;
import dev.gradus.compiler.ir.Window;
import dev.gradus.compiler.lower.Names;
import dev.gradus.compiler.lower.Product;
import java.util.regex.Pattern;

/**
 * Prints the loops that compute one buffer, for every example of a range or once for all: the
 * product forms the schedule chose ({@link ProductEmitter}'s), reductions, the whole-vector
 * functions, and elementwise expressions. Kernels that declare locals outside a loop get a block of their own, so two of
 * them never declare the same local twice.
 */
final class KernelEmitter {
    private final Emission e;
    private final ProductEmitter products;
    private final ExpEmitter exps;

    KernelEmitter(Emission e) {
        this.e = e;
        this.products = new ProductEmitter(e);
        this.exps = new ExpEmitter(e);
    }

    /** Computes buffer {@code n}: for examples {@code from..to-1} if it is batched, else once. */
    void compute(CodeBlock.Builder b, Names.Scope s, Node n) {
        Node.Apply a = (Node.Apply) n;
        b.add("// $L = $L\n", e.members().of(n), e.comments().print(n));
        boolean batched = e.plan().isBatched(n);
        if (a.op() instanceof Window w) {
            new LayerEmitter(e).compute(b, s, a, w);
            return;
        }
        if (a.op() == LinAlg.MATMUL && e.schedule().product(a) instanceof Product.Blocked blocked) {
            products.blocked(b, s, a, blocked);
            return;
        }
        if (a.op() == LinAlg.MATMUL && e.schedule().product(a) instanceof Product.Gemm gemm) {
            products.gemm(b, s, a, gemm);
            return;
        }
        if (exps.handles(a)) {
            exps.compute(b, s, a);
            return;
        }
        if (batched) {
            Loops.open(b, s.get("ex"), s.get("from"), s.get("to"));
            body(b, s, a, s.get("ex"));
            b.endControlFlow();
            return;
        }
        boolean block = declaresLocals(a);
        if (block) {
            b.add("{\n").indent();
        }
        body(b, s, a, null);
        if (block) {
            b.unindent().add("}\n");
        }
    }

    /**
     * Whether batched buffer {@code n} is computed example by example with no kernel call (a float
     * trainer's whole-vector functions, tanh and sigmoid call the kernels' exp: {@link ExpEmitter}), so that a
     * stage can compute it inside one loop over examples with its neighbours ({@link #computeExample}).
     */
    boolean perExample(Node n) {
        Node.Apply a = (Node.Apply) n;
        return e.plan().isBatched(n) && !(a.op() instanceof Window) && !exps.handles(a)
                && !(a.op() == LinAlg.MATMUL && (e.schedule().product(a) instanceof Product.Blocked
                        || e.schedule().product(a) instanceof Product.Gemm));
    }

    /**
     * A {@link #perExample} buffer's statements for example {@code ex} of a loop the caller opened:
     * the values of one example stay in registers and the first-level cache from one buffer to the
     * next, and the loop over examples runs once, not once a buffer (the 1-10-1 net: 1.19-1.23 times
     * the steps a second; docs/PERFORMANCE.md). A kernel that declares locals at the loop's level (a
     * sum to one number, a logsumexp's maximum) gets a block of its own.
     */
    void computeExample(CodeBlock.Builder b, Names.Scope s, Node n, String ex) {
        Node.Apply a = (Node.Apply) n;
        b.add("// $L = $L\n", e.members().of(n), e.comments().print(n));
        CodeBlock.Builder code = CodeBlock.builder();
        body(code, s, a, ex);
        CodeBlock statements = code.build();
        boolean block = statements.toString().lines().anyMatch(line -> LOCAL.matcher(line).lookingAt());
        if (block) {
            b.add("{\n").indent();
        }
        b.add(statements);
        if (block) {
            b.unindent().add("}\n");
        }
    }

    /** A statement that declares a local ({@code float acc = 0;}), at the start of an unindented line. */
    private static final Pattern LOCAL = Pattern.compile("(float|double|int|long|boolean) \\w+ =");

    /** Kernels declare locals outside their loops, except products with a matrix (theirs are inside). */
    private static boolean declaresLocals(Node.Apply a) {
        boolean matrixProduct = a.op() == LinAlg.MATMUL && !(a.arg(0).shape().isVector() && a.arg(1).shape().isVector());
        return a.op().lowering() == Lowering.KERNEL && !matrixProduct;
    }

    private void body(CodeBlock.Builder b, Names.Scope s, Node.Apply a, String ex) {
        ElementExpressions x = e.exprs();
        switch (a.op().lowering()) {
            case ELEMENT, REINDEX, GATHER -> Loops.forEach(b, s, a.shape(),
                    (i, j) -> x.access(a, ex, i, j) + " = " + x.inline(a, ex, i, j).text());
            case KERNEL -> a.op().accept(new OpVisitor<Void>() {
                public Void linAlg(LinAlg op) {
                    switch (op) {
                        case MATMUL -> products.matmul(b, s, a, ex);
                        case DOT -> products.dot(b, s, a, ex);
                        case OUTER, TRANSPOSE -> throw notKernel(op);
                    }
                    return null;
                }

                public Void reduce(Reduce op) {
                    KernelEmitter.this.reduce(b, s, a, op, ex);
                    return null;
                }

                public Void vectorOp(VectorOp op) {
                    KernelEmitter.this.vectorOp(b, s, a, op, ex);
                    return null;
                }

                public Void elementwise(Elementwise op) {
                    throw notKernel(op);
                }

                public Void expand(Expand op) {
                    throw notKernel(op);
                }

                public Void index(Index op) {
                    throw notKernel(op);
                }

                public Void scatter(Scatter op) {
                    throw notKernel(op);
                }

                public Void pick(Pick op) {
                    throw notKernel(op);
                }

                public Void oneHot(OneHot op) {
                    throw notKernel(op);
                }

                public Void reshape(Reshape op) {
                    throw notKernel(op);
                }

                public Void embedding(Embedding op) {
                    throw notKernel(op);
                }

                public Void dropout(Dropout op) {
                    throw notKernel(op);
                }

                public Void embeddingGrad(EmbeddingGrad op) {
                    KernelEmitter.this.embeddingGrad(b, s, a, ex);
                    return null;
                }

                public Void window(Window op) {
                    throw notKernel(op); // LayerEmitter's, before any loop
                }

                public Void alongAxis(AlongAxis op) {
                    KernelEmitter.this.alongAxis(b, s, a, op, ex);
                    return null;
                }
            });
        }
    }

    private static IllegalStateException notKernel(Op op) {
        return new IllegalStateException(op.label() + " declares itself a kernel but has no loops here");
    }

    private void reduce(CodeBlock.Builder b, Names.Scope s, Node.Apply a, Reduce r, String ex) {
        ElementExpressions x = e.exprs();
        String t = e.p().keyword();
        String acc = s.get("acc");
        Node arg = a.arg(0);
        Shape xs = arg.shape();
        if (r.axis() == -1 || xs.isVector()) {
            b.addStatement("$L $L = 0", t, acc);
            Loops.forEach(b, s, xs, (i, j) -> acc + " += " + x.elem(arg, ex, i, j).text());
            b.addStatement("$L = $L", x.access(a, ex, null, null), acc);
        } else if (xs.rank() > 2) { // [pre, d, post] around the axis: each (p, q) sums its d elements
            int[] split = Reduce.split(xs, r.axis());
            String p = split[0] == 1 ? "0" : s.get("p");
            String q = split[2] == 1 ? "0" : s.get("q");
            String k = s.get("t");
            if (split[0] > 1) {
                Loops.open(b, p, 0, split[0]);
            }
            if (split[2] > 1) {
                Loops.open(b, q, 0, split[2]);
            }
            String row = ElementExpressions.plus(ElementExpressions.times(p, split[1]), k);
            String at = ElementExpressions.plus(ElementExpressions.times(split[2] == 1 || row.equals(k) ? row : "(" + row + ")", split[2]), q);
            b.addStatement("$L $L = 0", t, acc);
            Loops.open(b, k, 0, split[1]);
            b.addStatement("$L += $L", acc, x.elemFlat(arg, ex, at).text()).endControlFlow();
            b.addStatement("$L = $L", x.elemFlat(a, ex, ElementExpressions.plus(ElementExpressions.times(p, split[2]), q)).text(), acc);
            if (split[2] > 1) {
                b.endControlFlow();
            }
            if (split[0] > 1) {
                b.endControlFlow();
            }
        } else if (r.axis() == 0 && arg instanceof Node.Apply rows && rows.op() instanceof Embedding
                && xs.rows() % 4 == 0 && xs.rows() > 4) {
            // an embedding's rows 4 at a time: their loads are independent, so the cache misses of the
            // table's random rows overlap; each element still adds the rows in order, after a 0
            Loops.forEach(b, s, a.shape(), (i, j) -> x.access(a, ex, i, null) + " = 0");
            String i = s.get("i");
            String j = s.get("j");
            b.beginControlFlow("for (int $L = 0; $L < $L; $L += 4)", i, i, xs.rows(), i);
            String[] at = new String[4];
            for (int u = 0; u < 4; u++) {
                at[u] = u == 0 ? i : s.get("i" + u);
                if (u > 0) {
                    b.addStatement("int $L = $L + $L", at[u], i, u);
                }
            }
            Loops.open(b, j, 0, xs.cols());
            b.addStatement("$L $L = $L", t, acc, x.access(a, ex, j, null));
            for (int u = 0; u < 4; u++) {
                b.addStatement("$L += $L", acc, x.elem(arg, ex, at[u], j).text());
            }
            b.addStatement("$L = $L", x.access(a, ex, j, null), acc).endControlFlow().endControlFlow();
        } else if (r.axis() == 0) {
            Loops.forEach(b, s, a.shape(), (i, j) -> x.access(a, ex, i, null) + " = 0");
            Loops.forEach(b, s, xs, (i, j) -> x.access(a, ex, j, null) + " += " + x.elem(arg, ex, i, j).text());
        } else {
            String i = s.get("i");
            String j = s.get("j");
            Loops.open(b, i, 0, xs.rows());
            b.addStatement("$L $L = 0", t, acc);
            Loops.open(b, j, 0, xs.cols());
            b.addStatement("$L += $L", acc, x.elem(arg, ex, i, j).text()).endControlFlow()
                    .addStatement("$L = $L", x.access(a, ex, i, null), acc).endControlFlow();
        }
    }

    private void vectorOp(CodeBlock.Builder b, Names.Scope s, Node.Apply a, VectorOp v, String ex) {
        ElementExpressions x = e.exprs();
        String i = s.get("i");
        Node lse = e.plan().softmaxFrom(a);
        if (lse != null) {
            String xi = x.elem(a.arg(0), ex, i, null).text();
            String l = x.elem(lse, ex, null, null).text();
            b.add("// exp(z - logsumexp(z)), with the forward pass's logsumexp: no second maximum and sum\n");
            Loops.open(b, i, 0, a.arg(0).shape().length());
            b.addStatement(shiftedExp(), x.access(a, ex, i, null), xi, l).endControlFlow();
            return;
        }
        boolean scalar = v == VectorOp.LOGSUMEXP;
        vectorFunction(b, s, v, a.arg(0).shape().length(), i, x.elem(a.arg(0), ex, i, null).text(),
                scalar ? null : x.access(a, ex, i, null), scalar ? x.access(a, ex, null, null) : null);
    }

    /** The table's gradient: zeros, then each index's row of the gradient added into the row it names. */
    private void embeddingGrad(CodeBlock.Builder b, Names.Scope s, Node.Apply a, String ex) {
        ElementExpressions x = e.exprs();
        Node g = a.arg(0);
        Node index = a.arg(1);
        Loops.forEach(b, s, a.shape(), (i, j) -> x.access(a, ex, i, j) + " = 0");
        String t = s.get("t");
        String k = s.get("k");
        String row = s.get("row");
        boolean one = index.shape().isScalar();
        if (!one) {
            Loops.open(b, t, 0, index.shape().length());
        }
        b.addStatement("int $L = $L", row, x.elem(index, ex, one ? null : t, null).text());
        Loops.open(b, k, 0, a.shape().cols());
        b.addStatement("$L += $L", x.access(a, ex, row, k), x.elem(g, ex, one ? k : t, one ? null : k).text()).endControlFlow();
        if (!one) {
            b.endControlFlow();
        }
    }

    /** A vector function along one axis of a matrix: the same loops, once per row ({@code axis = 1}) or column. */
    private void alongAxis(CodeBlock.Builder b, Names.Scope s, Node.Apply a, AlongAxis op, String ex) {
        ElementExpressions x = e.exprs();
        Shape xs = a.arg(0).shape();
        boolean rows = op.axis() == 1;
        String v = s.get(rows ? "row" : "col");
        String i = s.get("i");
        String r = rows ? v : i;
        String c = rows ? i : v;
        Loops.open(b, v, 0, rows ? xs.rows() : xs.cols());
        vectorFunction(b, s, op.fn(), rows ? xs.cols() : xs.rows(), i, x.elem(a.arg(0), ex, r, c).text(),
                op.fn() == VectorOp.LOGSUMEXP ? null : x.access(a, ex, r, c),
                op.fn() == VectorOp.LOGSUMEXP ? x.access(a, ex, v, null) : null);
        b.endControlFlow();
    }

    /** {@code y = exp(x - m)}: in float, its subnormal values flushed to 0 as {@link ExpEmitter}'s are. */
    private String shiftedExp() {
        return e.p() == Precision.FLOAT ? "$L = flush(exp($L - $L))" : "$L = exp($L - $L)";
    }

    /**
     * The loops of a vector function of {@code len} elements {@code xi} (index {@code i}): its maximum,
     * then {@code yi} for each element, or {@code scalarOut} for logsumexp.
     */
    private void vectorFunction(CodeBlock.Builder b, Names.Scope s, VectorOp v, int len, String i, String xi, String yi,
                                String scalarOut) {
        String t = e.p().keyword();
        String max = s.get("max");
        String total = s.get("total");
        b.addStatement("$L $L = $L", t, max, e.p().literal(Double.NEGATIVE_INFINITY));
        Loops.open(b, i, 0, len);
        b.addStatement("$L = $T.max($L, $L)", max, Types.MATH, max, xi).endControlFlow()
                .addStatement("$L $L = 0", t, total);
        // Each function prints its loops after the maximum whole: a switch expression, so a new one does not compile without them.
        CodeBlock rest = switch (v) {
            case SOFTMAX -> CodeBlock.builder()
                    .beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, len, i)
                    .addStatement(shiftedExp(), yi, xi, max).addStatement("$L += $L", total, yi).endControlFlow()
                    .beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, len, i)
                    .addStatement("$L /= $L", yi, total).endControlFlow().build();
            case LOG_SOFTMAX -> {
                String logSum = s.get("logSum");
                yield CodeBlock.builder()
                        .beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, len, i)
                        .addStatement("$L += exp($L - $L)", total, xi, max).endControlFlow()
                        .addStatement("$L $L = $L + log($L)", t, logSum, max, total)
                        .beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, len, i)
                        .addStatement("$L = $L - $L", yi, xi, logSum).endControlFlow().build();
            }
            case LOGSUMEXP -> CodeBlock.builder()
                    .beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, len, i)
                    .addStatement("$L += exp($L - $L)", total, xi, max).endControlFlow()
                    .addStatement("$L = $L + log($L)", scalarOut, max, total).build();
        };
        b.add(rest);
    }
}
