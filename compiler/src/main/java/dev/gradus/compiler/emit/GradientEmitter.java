package dev.gradus.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradus.compiler.emit.Members.Field;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Shape;
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

    /** dP = the mean over the batch of the per-example terms, plus the terms every example shares. */
    void accumulate(CodeBlock.Builder b, Names.Scope s, Node.Param param, Schedule.Gradient form, String count) {
        Shape sh = param.shape();
        String d = e.members().grad(param);
        ElementExpressions x = e.exprs();
        if (form instanceof Schedule.Gradient.Shared shared) {
            Loops.forEach(b, s, sh, (i, j) -> d + ElementExpressions.index(sh, i, j) + " = " + x.elem(shared.g(), null, i, j).text());
            return;
        }
        Schedule.Gradient.Mean mean = (Schedule.Gradient.Mean) form;
        String ex = s.get("ex");
        Loops.forEach(b, s, sh, (i, j) -> d + ElementExpressions.index(sh, i, j) + " = 0");
        Loops.open(b, ex, 0, count);
        Loops.forEach(b, s, sh, (i, j) -> {
            StringBuilder sum = new StringBuilder();
            for (Node term : mean.perExample()) {
                sum.append(sum.length() == 0 ? "" : " + ").append(x.elem(term, ex, i, j).at(JavaExpr.ADDITIVE + 1));
            }
            return d + ElementExpressions.index(sh, i, j) + " += " + sum;
        });
        b.endControlFlow();
        Loops.forEach(b, s, sh, (i, j) -> {
            StringBuilder extra = new StringBuilder();
            for (Node term : mean.shared()) {
                extra.append(" + ").append(x.elem(term, null, i, j).at(JavaExpr.ADDITIVE + 1));
            }
            String element = d + ElementExpressions.index(sh, i, j);
            return mean.shared().isEmpty() ? element + " /= " + count : element + " = " + element + " / " + count + extra;
        });
    }

    /**
     * Rows from..to-1 of a large weight's gradient as one kernel call, {@code gᵀ x} scaled by 1/n,
     * then the terms every example shares.
     */
    CodeBlock gemm(Names.Scope s, Node.Param param, Schedule.Gradient.Gemm form) {
        Shape sh = param.shape();
        int rows = sh.rows();
        int cols = sh.cols();
        String from = s.get("from");
        String to = s.get("to");
        String batchSize = e.members().field(Field.batchSize);
        Members m = e.members();
        String scale = e.p() == Precision.DOUBLE ? "1.0 / " + batchSize : "1f / " + batchSize;
        CodeBlock.Builder b = CodeBlock.builder()
                .addStatement("$L.forLayer($L, $L).weightGradient($L, $L, $L - $L, $L, $L, $L, $L, 0, $L, $L, $L, $L, $L, false)",
                        m.field(Field.KERNELS), cols, rows, batchSize, cols, to, from, m.of(form.outer().arg(0)), from, rows,
                        m.of(form.outer().arg(1)), cols, scale, m.grad(param), ElementExpressions.times(from, cols), cols);
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

    /** Rows from..to-1 of a weight's gradient: each row stays in cache while every example adds a[i] times its b. */
    CodeBlock rows(Names.Scope s, Node.Param param, Schedule.Gradient.Rows form) {
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
