package dev.gradus.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.gradus.compiler.emit.Members.Field;
import dev.gradus.compiler.emit.Members.Method;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.lower.Gradient;
import dev.gradus.compiler.lower.Names;
import dev.gradus.compiler.lower.Schedule;
import dev.gradus.compiler.lower.Stage;
import javax.lang.model.element.Modifier;

/**
 * Prints a training step: loading a batch, the forward pass part by part, the mean loss, the
 * backward pass and every parameter's gradient in the form the schedule chose. How each part's
 * work is shared between threads is {@link StageEmitter}'s; the optimizer's update is
 * {@link UpdateEmitter}'s.
 */
final class StepEmitter {
    private final Emission e;
    private final Members m;
    private final StageEmitter stages;

    StepEmitter(Emission e) {
        this.e = e;
        this.m = e.members();
        this.stages = new StageEmitter(e);
    }

    void addTo(TypeSpec.Builder type) {
        type.addMethod(step());
        type.addMethod(lossMethod("loss", false));
        type.addMethod(lossMethod("lossAndGradient", true));
        type.addMethod(predict());
        new LoadEmitter(e, stages).addTo(type);
        type.addMethod(computeOutput());
        stages.methods(type, e.plan().outputPart(), Method.outputExamples, "The output's values for examples from..to-1.\n");
        type.addMethod(forward());
        stages.methods(type, e.plan().lossPart(), Method.lossExamples,
                "The rest of the forward pass, up to the loss, for examples from..to-1.\n");
        type.addMethod(meanLoss());
        type.addMethod(backward());
        stages.methods(type, e.plan().backwardPart(), Method.backwardExamples, "The backward values of examples from..to-1.\n");
        for (Node.Param param : e.model().paramNodes()) {
            Names.Scope s = m.scope();
            if (e.schedule().gradient(param) instanceof Gradient.Rows rows) {
                gradientRowsMethod(type, s, param, new GradientEmitter(e).rows(s, param, rows), rows.outer(), !rows.shared().isEmpty());
            } else if (e.schedule().gradient(param) instanceof Gradient.Gemm gemm) {
                gradientRowsMethod(type, s, param, new GradientEmitter(e).gemm(s, param, gemm), gemm.outer(), !gemm.shared().isEmpty());
            } else if (e.schedule().gradient(param) instanceof Gradient.Mean mean && mean.byElements()) {
                rangeMethod(type, s, param, new GradientEmitter(e).meanRange(s, param, mean), CodeBlock.of(
                        "Entries from..to-1 of d(mean loss)/d$L: the mean over the batch of {@code $L}, each entry's terms in the\n"
                                + "examples' order (the same bits however the entries are shared between threads).\n",
                        param.name(), e.comments().print(e.plan().gradients().of(param))));
            } else if (e.schedule().gradient(param) instanceof Gradient.Scatter scatter) {
                rangeMethod(type, s, param, new GradientEmitter(e).scatter(s, param, scatter), CodeBlock.of(
                        "Rows from..to-1 of d(mean loss)/d$L: the mean over the batch of {@code $L},\n"
                                + "each example adding into the rows its indices name$L.\n", param.name(), e.comments().print(e.plan().gradients().of(param)),
                        scatter.onlyRowsUsed() ? "; only the rows a batch uses are written" : ""));
            }
        }
        for (Node.Param w : e.schedule().transposed()) {
            transposeMethod(type, w);
        }
        for (Node.Param w : e.schedule().kernelTransposed()) {
            transposeMethod(type, w);
        }
        for (Node.Param w : e.schedule().packedInputs()) {
            packMethod(type, w);
        }
        stages.splitMethod(type);
    }

    /** A public method of the trainer taking a batch: {@code (data, order, from, count)}. */
    static MethodSpec.Builder batchMethod(String name, Names.Scope s) {
        return MethodSpec.methodBuilder(name).addAnnotation(Types.OVERRIDE).addModifiers(Modifier.PUBLIC)
                .addParameter(Types.DATA_SET, s.get("data")).addParameter(int[].class, s.get("order"))
                .addParameter(TypeName.INT, s.get("from")).addParameter(TypeName.INT, s.get("count"));
    }

    private MethodSpec step() {
        Names.Scope s = m.scope();
        String loss = s.get("batchLoss");
        return batchMethod("step", s).returns(TypeName.DOUBLE)
                .addStatement("double $L = lossAndGradient($L, $L, $L, $L)", loss, s.get("data"), s.get("order"), s.get("from"),
                        s.get("count"))
                .addStatement("applyGradients()")
                .addStatement("return $L", loss)
                .build();
    }

    private MethodSpec lossMethod(String name, boolean gradient) {
        Names.Scope s = m.scope();
        String count = s.get("count");
        String maxBatch = m.field(Field.maxBatch);
        MethodSpec.Builder b = batchMethod(name, s).returns(TypeName.DOUBLE)
                .beginControlFlow("if ($L < 1 || $L > $L)", count, count, maxBatch)
                .addStatement("throw new $T($S + $L + $S + $L)", Types.ILLEGAL_ARGUMENT, "batch of ", count,
                        " examples; this trainer takes 1 to ", maxBatch)
                .endControlFlow()
                .addStatement("$L($L, $L, $L, $L)", m.method(Method.loadInputs), s.get("data"), s.get("order"), s.get("from"), count)
                .addStatement("$L($L, $L, $L, $L)", m.method(Method.loadTargets), s.get("data"), s.get("order"), s.get("from"), count);
        new DropoutEmitter(e).beforeForward(b, gradient);
        b.addStatement("$L($L)", m.method(Method.forward), count);
        if (gradient) {
            b.addStatement("$L($L)", m.method(Method.backward), count);
        }
        return b.addStatement("return $L($L)", m.method(Method.meanLoss), count).build();
    }

    private MethodSpec predict() {
        Names.Scope s = m.scope();
        String out = s.get("out");
        MethodSpec.Builder b = MethodSpec.methodBuilder("predict").addAnnotation(Types.OVERRIDE).addModifiers(Modifier.PUBLIC)
                .addParameter(Types.DATA_SET, s.get("data")).addParameter(TypeName.INT, s.get("example"))
                .addParameter(double[].class, out);
        if (e.model().outputs().isEmpty()) {
            return b.addStatement("throw new $T($S)", Types.UNSUPPORTED, "model " + e.model().name() + " declares no output").build();
        }
        b.addStatement("$L($L, null, $L, 1)", m.method(Method.loadInputs), s.get("data"), s.get("example"));
        new DropoutEmitter(e).beforeForward(b, false);
        b.addStatement("$L(1)", m.method(Method.computeOutput));
        CodeBlock.Builder c = CodeBlock.builder();
        int offset = 0;
        for (int k = 0; k < e.model().outputs().size(); k++) { // every output, one after another
            Node output = e.model().outputs().get(k);
            Shape sh = output.shape();
            int base = offset;
            c.add("// $L\n", e.model().outputNames().get(k));
            Loops.forEach(c, s, sh, (i, j) -> out + "[" + ElementExpressions.plus(String.valueOf(base), ElementExpressions.flat(sh, i, j))
                    + "] = " + e.exprs().access(output, "0", i, j));
            offset += sh.size();
        }
        return b.addCode(c.build()).build();
    }

    private MethodSpec computeOutput() {
        Names.Scope s = m.scope();
        String count = s.get("count");
        CodeBlock.Builder b = CodeBlock.builder();
        for (Node.Param w : e.schedule().transposed()) {
            b.add("// $L = transpose($L)\n", m.copy(w), m.of(w));
            transpose(b, w);
        }
        for (Node.Param w : e.schedule().kernelTransposed()) { // when the layer's kernels are the plain loops
            b.beginControlFlow("if ($L.forLayer($L, $L).transposedForward())", m.field(Field.KERNELS), w.shape().cols(), w.shape().rows());
            b.add("// $L = transpose($L), for the kernels' forward product\n", m.copy(w), m.of(w));
            transpose(b, w);
            b.endControlFlow();
        }
        stages.calls(b, s, e.plan().outputPart(), Method.outputExamples, count);
        return MethodSpec.methodBuilder(m.method(Method.computeOutput)).addModifiers(Modifier.PRIVATE)
                .addJavadoc("The forward values the output needs; they depend on the inputs only.\n")
                .addParameter(TypeName.INT, count).addCode(b.build()).build();
    }

    private void transpose(CodeBlock.Builder b, Node.Param w) {
        if (e.schedule().parallel()) {
            b.addStatement("$L($L, $L, 8)", m.method(Method.split), m.task(w, "Transpose"), w.shape().cols());
        } else {
            b.addStatement("$L(0, $L)", m.method(w, "Transpose"), w.shape().cols());
        }
    }

    private MethodSpec forward() {
        Names.Scope s = m.scope();
        String count = s.get("count");
        CodeBlock.Builder b = CodeBlock.builder();
        if (!e.schedule().byOutputRows().isEmpty()) {
            b.addStatement("$L = $L.rows($L)", m.field(Field.splitRows), m.field(Field.splitChoice), m.field(Field.workers));
        }
        b.addStatement("$L($L)", m.method(Method.computeOutput), count);
        stages.calls(b, s, e.plan().lossPart(), Method.lossExamples, count);
        return MethodSpec.methodBuilder(m.method(Method.forward)).addModifiers(Modifier.PRIVATE)
                .addJavadoc("Every forward value, up to each example's loss.\n")
                .addParameter(TypeName.INT, count).addCode(b.build()).build();
    }

    private MethodSpec meanLoss() {
        Names.Scope s = m.scope();
        String count = s.get("count");
        Node loss = e.model().loss();
        CodeBlock.Builder b = CodeBlock.builder();
        if (e.plan().isBatched(loss)) {
            String total = s.get("total");
            String ex = s.get("ex");
            b.addStatement("double $L = 0", total);
            Loops.open(b, ex, 0, count);
            b.addStatement("$L += $L", total, e.exprs().elem(loss, ex, null, null).text()).endControlFlow()
                    .addStatement("return $L / $L", total, count);
        } else {
            // A loss that is the same for every example (a constant, or parameters alone).
            b.addStatement("return $L", e.exprs().elem(loss, null, null, null).text());
        }
        return MethodSpec.methodBuilder(m.method(Method.meanLoss)).addModifiers(Modifier.PRIVATE).returns(TypeName.DOUBLE)
                .addParameter(TypeName.INT, count).addCode(b.build()).build();
    }

    private MethodSpec backward() {
        Names.Scope s = m.scope();
        String count = s.get("count");
        CodeBlock.Builder b = CodeBlock.builder();
        stages.calls(b, s, e.plan().backwardPart(), Method.backwardExamples, count);
        boolean anyRows = e.model().paramNodes().stream().anyMatch(e.schedule()::byRows);
        // set already by the calls when the backward part has a product shared by outputs
        boolean sizeSet = e.schedule().stages(e.plan().backwardPart()).stream().anyMatch(st -> st instanceof Stage.OutputRows);
        if (anyRows && !sizeSet) {
            b.addStatement("$L = $L", m.field(Field.batchSize), count);
        }
        if (e.model().paramNodes().stream().anyMatch(e.schedule()::tracksRows)) {
            b.addStatement("$L++", m.field(Field.backwardPass));
        }
        GradientEmitter gradients = new GradientEmitter(e);
        for (Node.Param param : e.model().paramNodes()) {
            Gradient form = e.schedule().gradient(param);
            b.add("// dloss/d$L = $L\n", param.name(), e.comments().print(e.plan().gradients().of(param)));
            if (e.schedule().byRows(param)) {
                if (e.schedule().packedInputs().contains(param)) {
                    Node x = ((Gradient.Gemm) form).outer().arg(1);
                    b.beginControlFlow("if ($L != null)", m.packedInput(param))
                            .add("// $L packed once for every thread's rows of d$L\n", m.of(x), param.name())
                            .addStatement("$L($L, $L, $L)", m.method(Method.split), m.task(param, "Pack"), count, Schedule.EXAMPLE_GRAIN)
                            .endControlFlow();
                }
                if (e.schedule().parallel()) {
                    // an embedding's row range reads every index of the batch: ranges of 64 rows at least; a bias's
                    // entries, whole vectors of them
                    int grain = form instanceof Gradient.Scatter ? 64 : form instanceof Gradient.Mean ? Schedule.ROW_GRAIN : 1;
                    b.addStatement("$L($L, $L, $L)", m.method(Method.split), m.task(param, "Rows"), param.shape().rows(), grain);
                } else {
                    b.addStatement("$L(0, $L)", m.method(param, "Rows"), param.shape().rows());
                }
            } else {
                gradients.accumulate(b, s, param, form, count);
            }
        }
        return MethodSpec.methodBuilder(m.method(Method.backward)).addModifiers(Modifier.PRIVATE)
                .addJavadoc("The gradient of the batch's mean loss with respect to every parameter (dX is dloss/dX).\n")
                .addParameter(TypeName.INT, count).addCode(b.build()).build();
    }

    private void gradientRowsMethod(TypeSpec.Builder type, Names.Scope s, Node.Param param, CodeBlock body, Node.Apply outer,
                                    boolean shared) {
        rangeMethod(type, s, param, body, CodeBlock.of("Rows from..to-1 of d(mean loss)/d$L: the mean over the batch of {@code $L}$L.\n",
                param.name(), e.comments().print(outer), shared ? ", plus the terms every example shares" : ""));
    }

    /** A parameter's gradient for a range from..to-1 of its rows or entries, as a method and the task the workers run. */
    private void rangeMethod(TypeSpec.Builder type, Names.Scope s, Node.Param param, CodeBlock body, CodeBlock javadoc) {
        String name = m.method(param, "Rows");
        type.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE).addJavadoc(javadoc)
                .addParameter(TypeName.INT, s.get("from")).addParameter(TypeName.INT, s.get("to")).addCode(body).build());
        stages.task(type, m.task(param, "Rows"), name);
    }

    /** Packs examples {@code from..to-1} of the input x of a weight's gradient {@code gᵀ x}, for the kernels' weight gradient. */
    private void packMethod(TypeSpec.Builder type, Node.Param w) {
        Names.Scope s = m.scope();
        String from = s.get("from");
        String to = s.get("to");
        Node x = ((Gradient.Gemm) e.schedule().gradient(w)).outer().arg(1);
        int cols = w.shape().cols();
        String name = m.method(w, "Pack");
        type.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
                .addJavadoc("Examples from..to-1 of $L packed into $L, as the kernels' weight gradient of $L reads them.\n", m.of(x),
                        m.packedInput(w), w.name())
                .addParameter(TypeName.INT, from).addParameter(TypeName.INT, to)
                .addStatement("$L.forLayer($L, $L).packInput($L, $L, $L, 0, $L, $L, $L, $L)", m.field(Field.KERNELS), cols, w.shape().rows(),
                        m.field(Field.batchSize), cols, m.of(x), cols, m.packedInput(w), from, to)
                .build());
        stages.task(type, m.task(w, "Pack"), name);
    }

    /**
     * Refreshes rows {@code from..to-1} of a weight's transposed copy: by the kernels where the trainer keeps
     * the copy for them (mlp64's 2,368 elements took 1.5 µs of a 17 µs step in these loops on an Intel Xeon),
     * else eight source rows at a time for the cache.
     */
    private void transposeMethod(TypeSpec.Builder type, Node.Param w) {
        Names.Scope s = m.scope();
        String from = s.get("from");
        String to = s.get("to");
        String i0 = s.get("i0");
        String i1 = s.get("i1");
        String i = s.get("i");
        String j = s.get("j");
        String row = s.get("row");
        int rows = w.shape().rows();
        int cols = w.shape().cols();
        String name = m.method(w, "Transpose");
        MethodSpec.Builder method = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
                .addJavadoc("Rows from..to-1 of $L, the transpose of $L.\n", m.copy(w), m.of(w))
                .addParameter(TypeName.INT, from).addParameter(TypeName.INT, to);
        if (e.schedule().kernelTransposed().contains(w)) { // the vector kernels transpose blocks of rows in registers
            type.addMethod(method.addStatement("$L.forLayer($L, $L).transpose($L, $L - $L, $L, $L, $L, $L, $L)", m.field(Field.KERNELS),
                    cols, rows, rows, to, from, m.of(w), from, cols, m.copy(w), ElementExpressions.times(from, rows)).build());
            stages.task(type, m.task(w, "Transpose"), name);
            return;
        }
        CodeBlock.Builder b = CodeBlock.builder()
                .beginControlFlow("for (int $L = 0; $L < $L; $L += 8)", i0, i0, rows, i0)
                .addStatement("int $L = $T.min($L + 8, $L)", i1, Types.MATH, i0, rows);
        Loops.open(b, j, from, to);
        b.addStatement("int $L = $L * $L", row, j, rows);
        Loops.open(b, i, i0, i1);
        b.addStatement("$L[$L + $L] = $L[$L * $L + $L]", m.copy(w), row, i, m.of(w), i, cols, j)
                .endControlFlow().endControlFlow().endControlFlow();
        type.addMethod(method.addCode(b.build()).build());
        stages.task(type, m.task(w, "Transpose"), name);
    }
}
