package dev.gradus.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradus.compiler.emit.Members.Field;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.lower.Gradient;
import dev.gradus.compiler.lower.Names;
import dev.gradus.compiler.lower.Schedule;

/**
 * Prints how one parameter's gradient over a batch is formed: once when it is the same for every
 * example, a mean of per-example terms plus the shared terms added once, or a weight's outer
 * product accumulated row by row.
 */
final class GradientEmitter {
    private final Emission e;

    GradientEmitter(Emission e) {
        this.e = e;
    }

    /**
     * Entries from..to-1 of a vector's dP = the mean over the batch ({@code batchSize}) of the
     * per-example terms, plus the terms every example shares: each entry's terms added in the order of
     * the examples, as {@link #accumulate} adds them, so a range computes the same bits.
     */
    CodeBlock meanRange(Names.Scope s, Node.Param param, Gradient.Mean mean) {
        String from = s.get("from");
        String to = s.get("to");
        String ex = s.get("ex");
        String i = s.get("i");
        String count = e.members().field(Field.batchSize);
        CodeBlock.Builder b = CodeBlock.builder();
        Loops.open(b, i, from, to);
        b.addStatement("$L = 0", element(param, i, null)).endControlFlow();
        Loops.open(b, ex, 0, count);
        Loops.open(b, i, from, to);
        b.addStatement("$L", addExample(param, mean, ex, i, null)).endControlFlow().endControlFlow();
        Loops.open(b, i, from, to);
        return b.addStatement("$L", divide(param, mean, count, i, null)).endControlFlow().build();
    }

    /** dP = the mean over the batch of the per-example terms, plus the terms every example shares. */
    void accumulate(CodeBlock.Builder b, Names.Scope s, Node.Param param, Gradient form, String count) {
        Shape sh = param.shape();
        String d = e.members().grad(param);
        ElementExpressions x = e.exprs();
        if (form instanceof Gradient.Shared shared) {
            Loops.forEach(b, s, sh, (i, j) -> d + ElementExpressions.index(sh, i, j) + " = " + x.elem(shared.g(), null, i, j).text());
            return;
        }
        if (form instanceof Gradient.Blocks blocks) {
            blocks(b, s, param, blocks, count);
            return;
        }
        Gradient.Mean mean = (Gradient.Mean) form;
        String ex = s.get("ex");
        Loops.forEach(b, s, sh, (i, j) -> element(param, i, j) + " = 0");
        Loops.open(b, ex, 0, count);
        Loops.forEach(b, s, sh, (i, j) -> addExample(param, mean, ex, i, j));
        b.endControlFlow();
        Loops.forEach(b, s, sh, (i, j) -> divide(param, mean, count, i, j));
    }

    /** Element (i, j) of dP. */
    private String element(Node.Param param, String i, String j) {
        return e.members().grad(param) + ElementExpressions.index(param.shape(), i, j);
    }

    /** {@code dP[i, j] += } example {@code ex}'s terms, in order. */
    private String addExample(Node.Param param, Gradient.Mean mean, String ex, String i, String j) {
        StringBuilder sum = new StringBuilder();
        for (Node term : mean.perExample()) {
            sum.append(sum.length() == 0 ? "" : " + ").append(e.exprs().elem(term, ex, i, j).at(JavaExpr.ADDITIVE + 1));
        }
        return element(param, i, j) + " += " + sum;
    }

    /** dP[i, j]'s sum over the batch divided by its size ({@code count}), plus the terms every example shares. */
    private String divide(Node.Param param, Gradient.Mean mean, String count, String i, String j) {
        StringBuilder extra = new StringBuilder();
        for (Node term : mean.shared()) {
            extra.append(" + ").append(e.exprs().elem(term, null, i, j).at(JavaExpr.ADDITIVE + 1));
        }
        String element = element(param, i, j);
        return mean.shared().isEmpty() ? element + " /= " + count : element + " = " + element + " / " + count + extra;
    }

    /** dK = the blocks' sums, in order, over the batch's size, plus the terms every example shares. */
    private void blocks(CodeBlock.Builder b, Names.Scope s, Node.Param param, Gradient.Blocks form, String count) {
        Shape sh = param.shape();
        String d = e.members().grad(param);
        String sums = e.members().of(form.kernelGradient());
        String block = s.get("block");
        int grain = Schedule.EXAMPLE_GRAIN;
        Loops.forEach(b, s, sh, (i, j) -> d + ElementExpressions.index(sh, i, j) + " = 0");
        b.add("// the sums of the blocks of $L examples, in order: the same whichever threads computed them\n", grain);
        b.beginControlFlow("for (int $L = 0; $L * $L < $L; $L++)", block, block, grain, count, block);
        Loops.forEach(b, s, sh, (i, j) -> d + ElementExpressions.index(sh, i, j) + " += " + sums + "["
                + ElementExpressions.plus(ElementExpressions.times(block, sh.size()), ElementExpressions.flat(sh, i, j)) + "]");
        b.endControlFlow();
        Loops.forEach(b, s, sh, (i, j) -> {
            StringBuilder extra = new StringBuilder();
            for (Node term : form.shared()) {
                extra.append(" + ").append(e.exprs().elem(term, null, i, j).at(JavaExpr.ADDITIVE + 1));
            }
            String element = d + ElementExpressions.index(sh, i, j);
            return form.shared().isEmpty() ? element + " /= " + count : element + " = " + element + " / " + count + extra;
        });
    }

    /**
     * Rows from..to-1 of a large weight's gradient as one kernel call, {@code gᵀ x} scaled by 1/n,
     * then the terms every example shares.
     */
    CodeBlock gemm(Names.Scope s, Node.Param param, Gradient.Gemm form) {
        Shape sh = param.shape();
        int rows = sh.rows();
        int cols = sh.cols();
        String from = s.get("from");
        String to = s.get("to");
        String batchSize = e.members().field(Field.batchSize);
        Members m = e.members();
        String scale = e.p() == Precision.DOUBLE ? "1.0 / " + batchSize : "1f / " + batchSize;
        // x packed once a batch for every range of rows (Schedule.packedInputs), where the kernels pack it
        String packed = e.schedule().packedInputs().contains(param) ? m.packedInput(param) + ", " : "";
        CodeBlock.Builder b = CodeBlock.builder()
                .addStatement("$L.forLayer($L, $L).weightGradient($L, $L, $L - $L, $L, $L, $L, $L, 0, $L, $L$L, $L, $L, $L, false)",
                        m.field(Field.KERNELS), cols, rows, batchSize, cols, to, from, m.of(form.outer().arg(0)), from, rows,
                        m.of(form.outer().arg(1)), cols, packed, scale, m.grad(param), ElementExpressions.times(from, cols), cols);
        if (!form.shared().isEmpty()) {
            String i = s.get("i");
            String j = s.get("j");
            String d = m.grad(param);
            Loops.open(b, i, from, to);
            Loops.open(b, j, 0, cols);
            StringBuilder shared = new StringBuilder();
            for (Node term : form.shared()) {
                shared.append(shared.length() == 0 ? "" : " + ").append(e.exprs().elem(term, null, i, j).at(JavaExpr.ADDITIVE + 1));
            }
            b.addStatement("$L[$L] += $L", d, ElementExpressions.flat(sh, i, j), shared).endControlFlow().endControlFlow();
        }
        return b.build();
    }

    /**
     * Rows from..to-1 of an embedding table's gradient: each example adds its rows of the output's
     * gradient into the rows its indices name (repeated indices add, in the batch's order whatever the
     * range), each addition scaled by 1/n (the batch's mean: no pass dividing the rows afterwards).
     * When no term is shared, only the rows a batch uses are written: a row is cleared at its first use
     * in a batch, and rows the batch before used and this one does not are cleared at the end
     * ({@code rowPass}: the backward pass that last used each row); every other row is zero already.
     * Else the range is cleared first and the shared terms added last.
     */
    CodeBlock scatter(Names.Scope s, Node.Param param, Gradient.Scatter form) {
        Members m = e.members();
        Shape sh = param.shape();
        int cols = sh.cols();
        String d = m.grad(param);
        ElementExpressions x = e.exprs();
        String from = s.get("from");
        String to = s.get("to");
        String ex = s.get("ex");
        String t = s.get("t");
        String k = s.get("k");
        String i = s.get("i");
        String j = s.get("j");
        String batchSize = m.field(Field.batchSize);
        boolean tracked = form.onlyRowsUsed();
        String rowPass = tracked ? m.rowPass(param) : null;
        String pass = tracked ? m.field(Field.backwardPass) : null;
        CodeBlock.Builder b = CodeBlock.builder();
        if (!tracked) {
            Loops.open(b, i, from, to);
            Loops.open(b, j, 0, cols);
            b.addStatement("$L[$L] = 0", d, ElementExpressions.flat(sh, i, j)).endControlFlow().endControlFlow();
        }
        String scale = s.get("scale");
        b.addStatement("$L $L = $L / $L", e.p().keyword(), scale, e.p().literal(1), batchSize);
        Loops.open(b, ex, 0, batchSize);
        for (Node.Apply rows : form.rows()) {
            int term = form.rows().indexOf(rows);
            String row = s.get(term == 0 ? "row" : "row" + (term + 1)); // each term's row in the same example loop
            Node g = rows.arg(0);
            Node index = rows.arg(1);
            boolean one = index.shape().isScalar();
            String indexName = e.comments().print(index);
            String gName = e.plan().isMaterialized(g) ? m.of(g) : e.comments().print(g);
            int tokens = one ? 1 : index.shape().length();
            String gk = x.elem(g, ex, one ? k : t, one ? null : k).at(JavaExpr.MULTIPLICATIVE);
            // the same row of g for every index of an example (a mean's expand): 4 indices take each value once
            boolean block = !one && tokens % BLOCK == 0 && tokens > BLOCK && gk.equals(x.elem(g, ex, s.get("u"), k).at(JavaExpr.MULTIPLICATIVE));
            String t0 = s.get("t0");
            if (one) {
                b.add("// $L, over the batch's size, added into row $L of $L\n", gName, indexName, d);
            } else {
                b.add("// row $L of $L, over the batch's size, added into row $L[$L] of $L\n", t, gName, indexName, t, d);
                if (block) {
                    b.beginControlFlow("for (int $L = 0; $L < $L; $L += $L)", t0, t0, tokens, t0, BLOCK);
                } else {
                    Loops.open(b, t, 0, tokens);
                }
            }
            if (block) {
                blockOfRows(b, s, d, cols, index, ex, t0, gk, scale, tracked ? rowPass : null, pass);
                b.beginControlFlow("for (int $L = $L; $L < $L + $L; $L++)", t, t0, t, t0, BLOCK, t);
            }
            b.addStatement("int $L = $L", row, x.elem(index, ex, one ? null : t, null).text());
            b.beginControlFlow("if ($L >= $L && $L < $L)", row, from, row, to);
            if (tracked) {
                b.add("// its first use in this batch: the values of an earlier batch go\n")
                        .beginControlFlow("if ($L[$L] != $L)", rowPass, row, pass)
                        .addStatement("$L[$L] = $L", rowPass, row, pass);
                Loops.open(b, k, 0, cols);
                b.addStatement("$L[$L + $L] = 0", d, ElementExpressions.times(row, cols), k).endControlFlow().endControlFlow();
            }
            Loops.open(b, k, 0, cols);
            b.addStatement("$L[$L + $L] += $L * $L", d, ElementExpressions.times(row, cols), k,
                    x.elem(g, ex, one ? k : t, one ? null : k).at(JavaExpr.MULTIPLICATIVE), scale).endControlFlow();
            b.endControlFlow();
            if (block) {
                b.endControlFlow().endControlFlow();
            }
            if (!one) {
                b.endControlFlow();
            }
        }
        b.endControlFlow();
        String at = ElementExpressions.flat(sh, i, j);
        if (tracked) {
            b.add("// the rows only the batch before used cleared; the rest are this batch's or zero already\n");
            Loops.open(b, i, from, to);
            b.beginControlFlow("if ($L[$L] == $L - 1)", rowPass, i, pass);
            Loops.open(b, j, 0, cols);
            b.addStatement("$L[$L] = 0", d, at).endControlFlow().endControlFlow();
        } else {
            Loops.open(b, i, from, to);
            Loops.open(b, j, 0, cols);
            StringBuilder shared = new StringBuilder();
            for (Node term : form.shared()) {
                shared.append(shared.length() == 0 ? "" : " + ").append(x.elem(term, null, i, j).at(JavaExpr.ADDITIVE + 1));
            }
            b.addStatement("$L[$L] += $L", d, at, shared).endControlFlow();
        }
        return b.endControlFlow().build();
    }

    /** Indices an embedding's gradient takes at once when each adds the same row of its example. */
    private static final int BLOCK = 4;

    /**
     * Opens, inside the loop over an example's indices by {@link #BLOCK}, the case where the block's
     * rows all lie in from..to-1: each row cleared at its first use in the batch, in the indices'
     * order, then each value of the example's row computed once and added into the block's rows in
     * that order (the same additions, in the same order, as one index at a time: a row repeated in
     * the block adds twice); the other case (a row outside the range) is left open after
     * {@code else}, for the loop one index at a time. The block's rows are independent loads, so a
     * step waits on their cache misses together.
     */
    private void blockOfRows(CodeBlock.Builder b, Names.Scope s, String d, int cols, Node index, String ex, String t0,
                             String gk, String scale, String rowPass, String pass) {
        ElementExpressions x = e.exprs();
        String from = s.get("from");
        String to = s.get("to");
        String k = s.get("k");
        String v = s.get("v");
        String[] r = new String[BLOCK];
        StringBuilder inRange = new StringBuilder();
        for (int u = 0; u < BLOCK; u++) {
            r[u] = s.get("r" + u);
            b.addStatement("int $L = $L", r[u], x.elem(index, ex, u == 0 ? t0 : t0 + " + " + u, null).text());
            inRange.append(u == 0 ? "" : " && ").append(r[u]).append(" >= ").append(from).append(" && ").append(r[u]).append(" < ").append(to);
        }
        b.beginControlFlow("if ($L)", inRange);
        if (rowPass != null) {
            for (int u = 0; u < BLOCK; u++) {
                b.beginControlFlow("if ($L[$L] != $L)", rowPass, r[u], pass).addStatement("$L[$L] = $L", rowPass, r[u], pass);
                Loops.open(b, k, 0, cols);
                b.addStatement("$L[$L + $L] = 0", d, ElementExpressions.times(r[u], cols), k).endControlFlow().endControlFlow();
            }
        }
        Loops.open(b, k, 0, cols);
        b.addStatement("$L $L = $L * $L", e.p().keyword(), v, gk, scale);
        for (int u = 0; u < BLOCK; u++) {
            b.addStatement("$L[$L + $L] += $L", d, ElementExpressions.times(r[u], cols), k, v);
        }
        b.endControlFlow().nextControlFlow("else");
    }

    /** Rows from..to-1 of a weight's gradient: each row stays in cache while every example adds a[i] times its b. */
    CodeBlock rows(Names.Scope s, Node.Param param, Gradient.Rows form) {
        Shape sh = param.shape();
        String d = e.members().grad(param);
        ElementExpressions x = e.exprs();
        Node a = form.outer().arg(0);
        Node v = form.outer().arg(1);
        String t = e.p().keyword();
        String i = s.get("i");
        String j = s.get("j");
        String ex = s.get("ex");
        String row = s.get("row");
        String ai = s.get("ai");
        String batchSize = e.members().field(Field.batchSize);
        boolean rowOfB = v instanceof Node.Input || v instanceof Node.Param || e.plan().isMaterialized(v);
        int cols = sh.cols();
        String v0 = s.get("v0");
        CodeBlock.Builder b = CodeBlock.builder()
                .add("// Row by row: each row of the gradient stays in cache while every example adds a[i] times its b.\n");
        Loops.open(b, i, s.get("from"), s.get("to"));
        b.addStatement("int $L = $L * $L", row, i, cols);
        Loops.open(b, j, 0, cols);
        b.addStatement("$L[$L + $L] = 0", d, row, j).endControlFlow();
        Loops.open(b, ex, 0, batchSize);
        b.addStatement("$L $L = $L", t, ai, x.elem(a, ex, i, null).text());
        if (rowOfB) {
            String at = j; // b's element j: in this example's row of a batched buffer, else at j itself
            if (e.plan().isBatched(v)) {
                b.addStatement("int $L = $L", v0, ElementExpressions.times(ex, cols));
                at = v0 + " + " + j;
            }
            Loops.open(b, j, 0, cols);
            b.addStatement("$L[$L + $L] += $L * $L[$L]", d, row, j, ai, e.members().of(v), at);
        } else {
            Loops.open(b, j, 0, cols);
            b.addStatement("$L[$L + $L] += $L * $L", d, row, j, ai, x.elem(v, ex, j, null).at(JavaExpr.MULTIPLICATIVE + 1));
        }
        b.endControlFlow().endControlFlow();
        Loops.open(b, j, 0, cols);
        StringBuilder shared = new StringBuilder();
        for (Node term : form.shared()) {
            shared.append(" + ").append(x.elem(term, null, i, j).at(JavaExpr.ADDITIVE + 1));
        }
        if (shared.length() == 0) {
            b.addStatement("$L[$L + $L] /= $L", d, row, j, batchSize);
        } else {
            b.addStatement("$L[$L + $L] = $L[$L + $L] / $L$L", d, row, j, d, row, j, batchSize, shared);
        }
        return b.endControlFlow().endControlFlow().build();
    }
}
