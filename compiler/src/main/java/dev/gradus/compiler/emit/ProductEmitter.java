package dev.gradus.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.lower.Names;
import dev.gradus.compiler.lower.Product;
import dev.gradus.compiler.lower.Schedule;
import dev.gradus.compiler.lower.Stage;

/**
 * Prints the products {@code A @ x} in the form the schedule chose ({@link Product}): one
 * call of the runtime's kernels for a range of examples (or for rows of a wide weight), four
 * examples at a time along a weight's rows, row updates along a transposed copy, or plain loops;
 * and dot products. Everything else a buffer may need is {@link KernelEmitter}'s.
 */
final class ProductEmitter {
    private final Emission e;

    ProductEmitter(Emission e) {
        this.e = e;
    }

    /** A large weight's product for examples from..to-1 as one call of the runtime's kernels. */
    void gemm(CodeBlock.Builder b, Names.Scope s, Node.Apply a, Product.Gemm form) {
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
        } else { // y = g W: g has rows entries, y has cols; the layer's kernels, as a range of its columns calls
            b.addStatement("$L.forLayer($L, $L).inputGradient($L, $L, $L, $L, $L, $L, $L, 0, $L, $L, $L, $L, false)",
                    m.field(Members.Field.KERNELS), cols, rows, n, cols, rows, m.of(x), ElementExpressions.times(from, rows), rows,
                    m.of(form.w()), cols, m.of(a), ElementExpressions.times(from, cols), cols);
        }
    }

    /**
     * Rows from..to-1 of a wide weight's forward product {@code y = x Wᵀ}, for every example of the
     * batch ({@code batchSize}), as one call of the kernels chosen for the whole layer (so the rows a
     * call gets never change which kernel computes them). Chunks start at multiples of
     * {@link Schedule#ROW_GRAIN} rows, a multiple of the kernels' blocking, so every element is computed
     * as in one call for all rows. Kernels that want
     * the transposed copy (the plain loops) get all rows of a range of examples instead: their blocking
     * depends on the width of the call. An input gradient {@code y = g W} takes columns from..to-1 of W
     * instead, through the kernel a range of examples calls: its every element is the same chain of
     * multiply-adds over W's rows, whichever columns a call gets.
     */
    void outputRows(CodeBlock.Builder b, Names.Scope s, Stage.OutputRows stage) {
        Members m = e.members();
        Node.Apply a = stage.product();
        Node.Param w = stage.w();
        String from = s.get("from");
        String to = s.get("to");
        String count = m.field(Members.Field.batchSize);
        String kernels = m.field(Members.Field.KERNELS);
        int rows = w.shape().rows();
        int cols = w.shape().cols();
        b.add("// $L = $L\n", m.of(a), e.comments().print(a));
        String packed = m.packedRows(a); // the operand's rows packed once for every range (null: read as they are)
        if (stage.transposed()) { // y = g W, columns from..to-1 of W: the whole layer's kernel, as a range of examples calls
            // (not the kernels' own choice by the call's width, which could send a narrow last chunk to other loops)
            b.addStatement("$L.forLayer($L, $L).inputGradient($L, $L - $L, $L, $L, 0, $L, $L, $L, $L, $L, $L, $L, $L, false)",
                    kernels, cols, rows, count, to, from, rows, m.of(a.arg(1)), rows, packed, m.of(w), from, cols, m.of(a), from, cols);
            return;
        }
        if (stage.viaCopy()) { // y = x (Wᵀ), columns from..to-1 of W's transposed copy: W's rows from..to-1
            b.addStatement("$L.forLayer($L, $L).inputGradient($L, $L - $L, $L, $L, 0, $L, $L, $L, $L, $L, $L, $L, $L, false)",
                    kernels, cols, rows, count, to, from, cols, m.of(a.arg(1)), cols, packed, m.copy(w), from, rows, m.of(a), from, rows);
            return;
        }
        b.addStatement("$L.forLayer($L, $L).forward($L, $L, $L - $L, $L, 0, $L, $L, $L, $L, $L, null, 0, $T.IDENTITY, $L, $L, $L)",
                kernels, cols, rows, count, cols, to, from, m.of(a.arg(1)), cols, packed, m.of(w), ElementExpressions.times(from, cols),
                cols, Types.ACTIVATION, m.of(a), from, rows);
    }

    /**
     * Four examples at a time: each row of the weights (row k of W's transposed copy, or of B in
     * {@code transpose(B) @ x}) is loaded once for four row updates.
     */
    void blocked(CodeBlock.Builder b, Names.Scope s, Node.Apply a, Product.Blocked form) {
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

    void matmul(CodeBlock.Builder b, Names.Scope s, Node.Apply n, String ex) {
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
        Product form = e.schedule().product(n);
        if (form instanceof Product.Blocked blocked) { // one example at a time, the remainder of a block
            form = blocked.viaCopy() ? new Product.CopyRows(blocked.w()) : new Product.TransposedRows(blocked.w());
        }
        if (form instanceof Product.TransposedRows tr) {
            // transpose(B) @ x: add x[k] times row k of B, a loop HotSpot vectorizes.
            String xk = s.get("xk");
            Loops.forEach(b, s, n.shape(), (ii, jj) -> x.access(n, ex, ii, null) + " = 0");
            Loops.open(b, k, 0, sx.length());
            b.addStatement("$L $L = $L", t, xk, x.elem(v, ex, k, null).text());
            Loops.open(b, i, 0, sa.rows());
            b.addStatement("$L += $L * $L", x.access(n, ex, i, null), xk, x.elem(tr.b(), ex, k, i).at(JavaExpr.MULTIPLICATIVE + 1))
                    .endControlFlow().endControlFlow();
        } else if (form instanceof Product.CopyRows copyRows) {
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

    void dot(CodeBlock.Builder b, Names.Scope s, Node.Apply a, String ex) {
        ElementExpressions x = e.exprs();
        String acc = s.get("acc");
        String k = s.get("k");
        b.addStatement("$L $L = 0", e.p().keyword(), acc);
        Loops.open(b, k, 0, a.arg(0).shape().length());
        b.addStatement("$L += $L * $L", acc, x.elem(a.arg(0), ex, k, null).at(JavaExpr.MULTIPLICATIVE),
                x.elem(a.arg(1), ex, k, null).at(JavaExpr.MULTIPLICATIVE + 1)).endControlFlow();
        b.addStatement("$L = $L", x.access(a, ex, null, null), acc);
    }
}
