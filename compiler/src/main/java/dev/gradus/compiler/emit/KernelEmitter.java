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
import dev.gradus.compiler.lower.Schedule;

/**
 * Prints the loops that compute one buffer, for every example of a range or once for all: the
 * product forms the schedule chose, reductions, the whole-vector functions, and elementwise
 * expressions. Kernels that declare locals outside a loop get a block of their own, so two of
 * them never declare the same local twice.
 */
final class KernelEmitter {
    private final Emission e;

    KernelEmitter(Emission e) {
        this.e = e;
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
        if (a.op() == LinAlg.MATMUL && e.schedule().product(a) instanceof Schedule.Product.Blocked blocked) {
            blocked(b, s, a, blocked);
            return;
        }
        if (a.op() == LinAlg.MATMUL && e.schedule().product(a) instanceof Schedule.Product.Gemm gemm) {
            gemm(b, s, a, gemm);
            return;
        }
        String ex = batched ? s.get("ex") : null;
        boolean block = !batched && declaresLocals(a);
        if (batched) {
            Loops.open(b, ex, s.get("from"), s.get("to"));
        } else if (block) {
            b.add("{\n").indent();
        }
        body(b, s, a, ex);
        if (batched) {
            b.endControlFlow();
        } else if (block) {
            b.unindent().add("}\n");
        }
    }

    /** A large weight's product for examples from..to-1 as one call of the runtime's kernels. */
    private void gemm(CodeBlock.Builder b, Names.Scope s, Node.Apply a, Schedule.Product.Gemm form) {
        Members m = e.members();
        String from = s.get("from");
        String n = s.get("to") + " - " + from;
        Node x = a.arg(1);
        int rows = form.w().shape().rows();
        int cols = form.w().shape().cols();
        if (!form.transposed()) { // y = x Wᵀ: in = cols, out = rows; or x (Wᵀ) on the copy, as row updates
            // the layer's own kernels: a small layer may run the plain loops, which want W's transposed copy
            String kernels = m.field(Members.Field.KERNELS) + ".forLayer(" + cols + ", " + rows + ")";
            b.beginControlFlow("if ($L.transposedForward())", kernels)
                    .addStatement("$L.inputGradient($L, $L, $L, $L, $L, $L, $L, 0, $L, $L, $L, $L, false)",
                            kernels, n, rows, cols, m.of(x), ElementExpressions.times(from, cols), cols,
                            m.copy(form.w()), rows, m.of(a), ElementExpressions.times(from, rows), rows)
                    .nextControlFlow("else")
                    .addStatement("$L.forward($L, $L, $L, $L, $L, $L, $L, 0, $L, null, 0, $T.IDENTITY, $L, $L, $L)",
                            kernels, n, cols, rows, m.of(x), ElementExpressions.times(from, cols), cols,
                            m.of(form.w()), cols, Types.ACTIVATION, m.of(a), ElementExpressions.times(from, rows), rows)
                    .endControlFlow();
        } else { // y = g W: g has rows entries, y has cols
            b.addStatement("$L.inputGradient($L, $L, $L, $L, $L, $L, $L, 0, $L, $L, $L, $L, false)",
                    m.field(Members.Field.KERNELS), n, cols, rows, m.of(x), ElementExpressions.times(from, rows), rows,
                    m.of(form.w()), cols, m.of(a), ElementExpressions.times(from, cols), cols);
        }
    }

    /**
     * Rows from..to-1 of a wide weight's forward product {@code y = x Wᵀ}, for every example of the
     * batch ({@code batchSize}), as one call of the kernels chosen for the whole layer (so the rows a
     * call gets never change which kernel computes them). Chunks start at multiples of four rows, the
     * kernels' blocking, so every element is computed as in one call for all rows. Kernels that want
     * the transposed copy (the plain loops) get all rows of a range of examples instead: their blocking
     * depends on the width of the call.
     */
    void outputRows(CodeBlock.Builder b, Names.Scope s, Node.Apply a, Node.Param w) {
        Members m = e.members();
        String from = s.get("from");
        String to = s.get("to");
        String count = m.field(Members.Field.batchSize);
        String kernels = m.field(Members.Field.KERNELS);
        int rows = w.shape().rows();
        int cols = w.shape().cols();
        b.add("// $L = $L\n", m.of(a), e.comments().print(a))
                .addStatement("$L.forLayer($L, $L).forward($L, $L, $L - $L, $L, 0, $L, $L, $L, $L, null, 0, $T.IDENTITY, $L, $L, $L)",
                        kernels, cols, rows, count, cols, to, from, m.of(a.arg(1)), cols, m.of(w), ElementExpressions.times(from, cols), cols,
                        Types.ACTIVATION, m.of(a), from, rows);
    }

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
                        case MATMUL -> matmul(b, s, a, ex);
                        case DOT -> dot(b, s, a, ex);
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

    private void dot(CodeBlock.Builder b, Names.Scope s, Node.Apply a, String ex) {
        ElementExpressions x = e.exprs();
        String acc = s.get("acc");
        String k = s.get("k");
        b.addStatement("$L $L = 0", e.p().keyword(), acc);
        Loops.open(b, k, 0, a.arg(0).shape().length());
        b.addStatement("$L += $L * $L", acc, x.elem(a.arg(0), ex, k, null).at(JavaExpr.MULTIPLICATIVE),
                x.elem(a.arg(1), ex, k, null).at(JavaExpr.MULTIPLICATIVE + 1)).endControlFlow();
        b.addStatement("$L = $L", x.access(a, ex, null, null), acc);
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
                    .addStatement("$L = exp($L - $L)", yi, xi, max).addStatement("$L += $L", total, yi).endControlFlow()
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

    /**
     * Four examples at a time: each row of the weights (row k of W's transposed copy, or of B in
     * {@code transpose(B) @ x}) is loaded once for four row updates.
     */
    private void blocked(CodeBlock.Builder b, Names.Scope s, Node.Apply a, Schedule.Product.Blocked form) {
        String rows = form.viaCopy() ? e.members().copy(form.w()) : e.members().of(form.w());
        Node xNode = a.arg(1);
        int m = a.shape().length();
        int kk = xNode.shape().length();
        String t = e.p().keyword();
        String out = e.members().of(a);
        String in = e.members().of(xNode);
        String ex = s.get("ex");
        String i = s.get("i");
        String k = s.get("k");
        String[] o = {s.get("o0"), s.get("o1"), s.get("o2"), s.get("o3")};
        String[] xs = {s.get("x0"), s.get("x1"), s.get("x2"), s.get("x3")};
        String[] ak = {s.get("a0"), s.get("a1"), s.get("a2"), s.get("a3")};
        String row = s.get("row");
        String wi = s.get("wi");
        String from = s.get("from");
        String to = s.get("to");
        b.beginControlFlow("for (int $L = $L; $L < $L; $L += 4)", ex, from, ex, to, ex)
                .beginControlFlow("if ($L - $L >= 4)", to, ex)
                .addStatement("int $L = $L * $L, $L = $L + $L, $L = $L + $L, $L = $L + $L", o[0], ex, m, o[1], o[0], m, o[2], o[1], m,
                        o[3], o[2], m)
                .addStatement("int $L = $L * $L, $L = $L + $L, $L = $L + $L, $L = $L + $L", xs[0], ex, kk, xs[1], xs[0], kk, xs[2],
                        xs[1], kk, xs[3], xs[2], kk);
        Loops.open(b, i, 0, m);
        for (String oi : o) {
            b.addStatement("$L[$L + $L] = 0", out, oi, i);
        }
        b.endControlFlow();
        Loops.open(b, k, 0, kk);
        b.addStatement("$L $L = $L[$L + $L], $L = $L[$L + $L], $L = $L[$L + $L], $L = $L[$L + $L]",
                t, ak[0], in, xs[0], k, ak[1], in, xs[1], k, ak[2], in, xs[2], k, ak[3], in, xs[3], k)
                .addStatement("int $L = $L * $L", row, k, m);
        Loops.open(b, i, 0, m);
        b.addStatement("$L $L = $L[$L + $L]", t, wi, rows, row, i);
        for (int q = 0; q < 4; q++) {
            b.addStatement("$L[$L + $L] += $L * $L", out, o[q], i, ak[q], wi);
        }
        b.endControlFlow().endControlFlow().nextControlFlow("else");
        String one = s.get("one");
        b.beginControlFlow("for (int $L = $L; $L < $L; $L++)", one, ex, one, to, one);
        matmul(b, s, a, one);
        b.endControlFlow().endControlFlow().endControlFlow();
    }

    private void matmul(CodeBlock.Builder b, Names.Scope s, Node.Apply n, String ex) {
        ElementExpressions x = e.exprs();
        Node a = n.arg(0);
        Node v = n.arg(1);
        Shape sa = a.shape();
        Shape sx = v.shape();
        String t = e.p().keyword();
        String i = s.get("i");
        String j = s.get("j");
        String k = s.get("k");
        String acc = s.get("acc");
        Schedule.Product form = e.schedule().product(n);
        if (form instanceof Schedule.Product.Blocked blocked) { // one example at a time, the remainder of a block
            form = blocked.viaCopy() ? new Schedule.Product.CopyRows(blocked.w()) : new Schedule.Product.TransposedRows(blocked.w());
        }
        if (form instanceof Schedule.Product.TransposedRows tr) {
            // transpose(B) @ x: add x[k] times row k of B, a loop HotSpot vectorizes.
            String xk = s.get("xk");
            Loops.forEach(b, s, n.shape(), (ii, jj) -> x.access(n, ex, ii, null) + " = 0");
            Loops.open(b, k, 0, sx.length());
            b.addStatement("$L $L = $L", t, xk, x.elem(v, ex, k, null).text());
            Loops.open(b, i, 0, sa.rows());
            b.addStatement("$L += $L * $L", x.access(n, ex, i, null), xk, x.elem(tr.b(), ex, k, i).at(JavaExpr.MULTIPLICATIVE + 1))
                    .endControlFlow().endControlFlow();
        } else if (form instanceof Schedule.Product.CopyRows copyRows) {
            // W @ x as x[k] times row k of W's transpose: the same sums in the same order, vectorized.
            Node.Param w = copyRows.w();
            String xk = s.get("xk");
            Loops.forEach(b, s, n.shape(), (ii, jj) -> x.access(n, ex, ii, null) + " = 0");
            Loops.open(b, k, 0, sx.length());
            b.addStatement("$L $L = $L", t, xk, x.elem(v, ex, k, null).text());
            Loops.open(b, i, 0, sa.rows());
            b.addStatement("$L += $L * $L[$L]", x.access(n, ex, i, null), xk, e.members().copy(w),
                    ElementExpressions.plus(ElementExpressions.times(k, sa.rows()), i))
                    .endControlFlow().endControlFlow();
        } else if (sa.isMatrix() && sx.isVector()) {
            Loops.open(b, i, 0, sa.rows());
            b.addStatement("$L $L = 0", t, acc);
            Loops.open(b, k, 0, sa.cols());
            b.addStatement("$L += $L * $L", acc, x.elem(a, ex, i, k).at(JavaExpr.MULTIPLICATIVE),
                    x.elem(v, ex, k, null).at(JavaExpr.MULTIPLICATIVE + 1))
                    .endControlFlow().addStatement("$L = $L", x.access(n, ex, i, null), acc).endControlFlow();
        } else if (sa.isVector() && sx.isMatrix()) {
            String ak = s.get("ak");
            Loops.forEach(b, s, n.shape(), (ii, jj) -> x.access(n, ex, ii, null) + " = 0");
            Loops.open(b, k, 0, sa.length());
            b.addStatement("$L $L = $L", t, ak, x.elem(a, ex, k, null).text());
            Loops.open(b, j, 0, sx.cols());
            b.addStatement("$L += $L * $L", x.access(n, ex, j, null), ak, x.elem(v, ex, k, j).at(JavaExpr.MULTIPLICATIVE + 1))
                    .endControlFlow().endControlFlow();
        } else if (sa.isMatrix()) {
            String aik = s.get("aik");
            Loops.open(b, i, 0, sa.rows());
            Loops.open(b, j, 0, sx.cols());
            b.addStatement("$L = 0", x.access(n, ex, i, j)).endControlFlow();
            Loops.open(b, k, 0, sa.cols());
            b.addStatement("$L $L = $L", t, aik, x.elem(a, ex, i, k).text());
            Loops.open(b, j, 0, sx.cols());
            b.addStatement("$L += $L * $L", x.access(n, ex, i, j), aik, x.elem(v, ex, k, j).at(JavaExpr.MULTIPLICATIVE + 1))
                    .endControlFlow().endControlFlow().endControlFlow();
        } else {
            b.addStatement("$L $L = 0", t, acc);
            Loops.open(b, k, 0, sa.length());
            b.addStatement("$L += $L * $L", acc, x.elem(a, ex, k, null).at(JavaExpr.MULTIPLICATIVE),
                    x.elem(v, ex, k, null).at(JavaExpr.MULTIPLICATIVE + 1))
                    .endControlFlow().addStatement("$L = $L", x.access(n, ex, null, null), acc);
        }
    }
}
