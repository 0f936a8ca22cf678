package dev.gradus.compiler.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.gradus.compiler.emit.Members.Field;
import dev.gradus.compiler.emit.Members.Method;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.lower.Names;
import dev.gradus.compiler.lower.Schedule;
import dev.gradus.compiler.lower.Stage;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Prints how a part of the step shares its work: the part's stages ({@link Schedule#stages}) as
 * per-example methods and products split by output rows, the calls that run them over a batch, the
 * worker tasks that name those methods, and the {@code split} method that hands a range to the
 * workers. The step itself (what each part is, in which order) is {@link StepEmitter}'s.
 */
final class StageEmitter {
    private final Emission e;
    private final Members m;
    private final KernelEmitter kernels;
    private final ProductEmitter products;

    StageEmitter(Emission e) {
        this.e = e;
        this.m = e.members();
        this.kernels = new KernelEmitter(e);
        this.products = new ProductEmitter(e);
    }

    /** {@code split(part, n, grain)}: only in a trainer whose batches are split between threads. */
    void splitMethod(TypeSpec.Builder type) {
        if (!e.schedule().parallel()) {
            return;
        }
        Names.Scope s = m.scope();
        String part = s.get("part");
        String n = s.get("n");
        String grain = s.get("grain");
        String workers = m.field(Field.workers);
        type.addMethod(MethodSpec.methodBuilder(m.method(Method.split)).addModifiers(Modifier.PRIVATE)
                .addJavadoc("Runs {@code $L} over 0..$L-1, on the workers' threads when there are workers and enough to split.\n", part, n)
                .addParameter(Types.WORKERS_RANGE, part).addParameter(TypeName.INT, n).addParameter(TypeName.INT, grain)
                .beginControlFlow("if ($L != null && $L >= 2 * $L && $L * $LL >= 2_000_000L)", workers, n, grain, n,
                        e.schedule().flopsPerExample())
                .addStatement("$L.run($L, $L, $L)", workers, part, n, grain)
                .nextControlFlow("else")
                .addStatement("$L.run(0, $L)", part, n)
                .endControlFlow().build());
    }

    /**
     * The values of a part that are the same for every example, then a call of the part's per-example
     * method over the batch (split between two threads when that pays).
     */
    void calls(CodeBlock.Builder b, Names.Scope s, List<Node> part, Method examples, String count) {
        for (Node n : part) {
            if (!e.plan().isBatched(n)) {
                kernels.compute(b, s, n);
            }
        }
        List<Stage> stages = e.schedule().stages(part);
        if (stages.stream().anyMatch(st -> st instanceof Stage.OutputRows)) {
            b.addStatement("$L = $L", m.field(Field.batchSize), count);
        }
        String split = m.method(Method.split);
        int index = 0;
        for (Stage stage : stages) {
            if (stage instanceof Stage.Examples ex) {
                if (e.schedule().parallel()) {
                    b.addStatement("$L($L, $L, 4)", split, m.task(examples, index), count);
                } else {
                    b.addStatement("$L(0, $L$L)", m.method(examples, index), count, e.schedule().scratchPerThread() ? ", 0" : "");
                }
                index++;
            } else if (stage instanceof Stage.OutputRows rows) { // only in models whose batches are split
                b.add("// $L = $L: each thread its $L of $L, for every example (or its examples, when that is faster)\n",
                                m.of(rows.product()), e.comments().print(rows.product()), rows.transposed() ? "columns" : "rows", m.of(rows.w()))
                        .beginControlFlow("if ($L && $L)", m.field(Field.splitRows), byOutputs(rows))
                        .beginControlFlow("if ($L != null)", m.packedRows(rows.product()))
                        .add("// $L's rows packed once for every thread's $L\n", m.of(rows.product().arg(1)),
                                rows.transposed() ? "columns" : "rows")
                        .addStatement("$L($L, $L, 16)", split, m.task(rows.product(), "Pack"), rows.inputs())
                        .endControlFlow()
                        // chunks start at multiples of Schedule.ROW_GRAIN rows of a forward product (whole panels,
                        // whole four-row blocks) or columns of an input gradient (a multiple of the 16 that
                        // Kernels.inputGradientByColumns asks for)
                        .addStatement("$L($L, $L, $L)", split, m.task(rows.product(), "Rows"), rows.outputs(), Schedule.ROW_GRAIN)
                        .nextControlFlow("else")
                        .addStatement("$L($L, $L, 4)", split, m.task(rows.product(), "Examples"), count)
                        .endControlFlow();
            }
        }
    }

    /**
     * When the layer's kernels can share a product by outputs to the same bits as by examples: a wide
     * forward product on W itself (not the plain loops, which want the transposed copy); a product
     * computed as {@code inputGradient} (on W, or on W's transposed copy) where that kernel's elements
     * do not depend on a call's columns.
     */
    private String byOutputs(Stage.OutputRows rows) {
        String kernels = m.field(Field.KERNELS);
        String layer = kernels + ".forLayer(" + rows.w().shape().cols() + ", " + rows.w().shape().rows() + ")";
        if (rows.transposed()) {
            // the layer's kernels: KERNELS itself (SizedKernels) picks loops by each call's width, so it
            // answers false, and asking it left every input gradient shared by examples
            return layer + ".inputGradientByColumns()";
        }
        return rows.viaCopy() ? layer + ".transposedForward() && " + layer + ".inputGradientByColumns()" : "!" + layer + ".transposedForward()";
    }

    /**
     * The per-example methods of a part, one per stage of examples ({@code from} to {@code to - 1},
     * independent of all others), and each product it splits by output rows, by rows and by examples.
     */
    void methods(TypeSpec.Builder type, List<Node> part, Method method, String doc) {
        int index = 0;
        for (Stage stage : e.schedule().stages(part)) {
            Names.Scope s = m.scope();
            CodeBlock.Builder b = CodeBlock.builder();
            if (stage instanceof Stage.Examples ex) {
                perExampleRuns(b, s, ex.nodes());
                String name = m.method(method, index);
                String javadoc = index == 0 ? doc : "The part's next values, after a product shared by output rows, for examples from..to-1.\n";
                MethodSpec.Builder examples = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
                        .addParameter(TypeName.INT, s.get("from")).addParameter(TypeName.INT, s.get("to"));
                boolean perThread = e.schedule().scratchPerThread();
                if (perThread) { // the window layers' scratch is the thread's own
                    examples.addJavadoc(javadoc.replace("\n", "") + " On thread {@code $L} (0 is the caller's), whose scratch it uses.\n",
                            s.get("thread")).addParameter(TypeName.INT, s.get("thread"));
                } else {
                    examples.addJavadoc(javadoc);
                }
                type.addMethod(examples.addCode(b.build()).build());
                task(type, m.task(method, index), name, perThread ? Types.WORKERS_THREAD_RANGE : Types.WORKERS_RANGE);
                index++;
            } else if (stage instanceof Stage.OutputRows rows) {
                products.outputRows(b, s, rows);
                String name = m.method(rows.product(), "Rows");
                type.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
                        .addJavadoc("$L from..to-1 of $L = $L for every example of the batch: a thread reads only these $L of $L.\n",
                                rows.transposed() ? "Entries" : "Rows", m.of(rows.product()), e.comments().print(rows.product()),
                                rows.transposed() ? "columns" : "rows", m.of(rows.w()))
                        .addParameter(TypeName.INT, s.get("from")).addParameter(TypeName.INT, s.get("to")).addCode(b.build()).build());
                task(type, m.task(rows.product(), "Rows"), name);
                Names.Scope t = m.scope();
                CodeBlock.Builder c = CodeBlock.builder();
                kernels.compute(c, t, rows.product());
                String byExamples = m.method(rows.product(), "Examples");
                type.addMethod(MethodSpec.methodBuilder(byExamples).addModifiers(Modifier.PRIVATE)
                        .addJavadoc("$L for examples from..to-1, every row.\n", m.of(rows.product()))
                        .addParameter(TypeName.INT, t.get("from")).addParameter(TypeName.INT, t.get("to")).addCode(c.build()).build());
                task(type, m.task(rows.product(), "Examples"), byExamples);
                packMethod(type, rows);
            }
        }
    }

    /** Elements from..to-1 of each example's operand of a product shared by outputs, packed for every call on it. */
    private void packMethod(TypeSpec.Builder type, Stage.OutputRows rows) {
        Names.Scope s = m.scope();
        Node a = rows.product().arg(1);
        String name = m.method(rows.product(), "Pack");
        type.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
                .addJavadoc("Elements from..to-1 of each example's $L packed into $L, as the kernels' $L reads them.\n", m.of(a),
                        m.packedRows(rows.product()), m.of(rows.product()))
                .addParameter(TypeName.INT, s.get("from")).addParameter(TypeName.INT, s.get("to"))
                .addStatement("$L.forLayer($L, $L).packRows($L, $L, $L, 0, $L, $L, $L, $L)", m.field(Field.KERNELS),
                        rows.w().shape().cols(), rows.w().shape().rows(), m.field(Field.batchSize), rows.inputs(), m.of(a), rows.inputs(),
                        m.packedRows(rows.product()), s.get("from"), s.get("to"))
                .build());
        task(type, m.task(rows.product(), "Pack"), name);
    }

    /**
     * A stage's buffers in order, each run of {@link KernelEmitter#perExample} buffers in one loop over
     * the examples (a stage's values of one example read only that example's values); products that
     * call the runtime's kernels and window layers take their whole range of examples at once.
     */
    private void perExampleRuns(CodeBlock.Builder b, Names.Scope s, List<Node> nodes) {
        for (int i = 0; i < nodes.size(); ) {
            if (!kernels.perExample(nodes.get(i))) {
                kernels.compute(b, s, nodes.get(i++));
                continue;
            }
            String ex = s.get("ex");
            Loops.open(b, ex, s.get("from"), s.get("to"));
            for (; i < nodes.size() && kernels.perExample(nodes.get(i)); i++) {
                kernels.computeExample(b, s, nodes.get(i), ex);
            }
            b.endControlFlow();
        }
    }

    /** The field holding {@code this::method}, for the worker threads (only when the model splits batches). */
    void task(TypeSpec.Builder type, String field, String method) {
        task(type, field, method, Types.WORKERS_RANGE);
    }

    private void task(TypeSpec.Builder type, String field, String method, ClassName range) {
        if (e.schedule().parallel()) {
            type.addField(FieldSpec.builder(range, field, Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("this::$L", method).build());
        }
    }
}
