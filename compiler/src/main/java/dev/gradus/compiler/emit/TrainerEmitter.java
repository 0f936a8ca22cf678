package dev.gradus.compiler.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Init;
import dev.gradus.compiler.ir.LinAlg;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Reduce;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.ir.VectorOp;
import dev.gradus.compiler.lower.Plan;
import dev.gradus.compiler.print.MathPrinter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Emits one specialized trainer class for a lowered model with JavaPoet: fixed sizes, buffers
 * allocated once in the constructor, loops over the batch layer by layer, the optimizer's update
 * inline, and each backward statement under a comment with its symbolic derivative.
 */
public final class TrainerEmitter {
    private static final String RUNTIME = "dev.gradus.runtime";
    private static final ClassName TRAINER = ClassName.get(RUNTIME, "Trainer");
    private static final ClassName DATA_SET = ClassName.get(RUNTIME, "DataSet");
    private static final ClassName TENSOR_SPEC = ClassName.get(RUNTIME, "TensorSpec");
    private static final ClassName RNG = ClassName.get(RUNTIME, "Rng");
    private static final ClassName FN = ClassName.get(RUNTIME, "Fn");

    private final Plan plan;
    private final CheckedModel model;
    private final Precision p;
    private final String sourceName;
    private final MathPrinter comments;
    private final UpdateRule rule;
    private final ElementExpressions exprs;

    private static final ClassName WORKERS = ClassName.get(RUNTIME, "Workers");
    private static final ClassName WORKERS_RANGE = ClassName.get(RUNTIME, "Workers", "Range");

    /** Weights whose gradient outer(a, b) is accumulated row by row, in a method of its own. */
    private final java.util.Set<Node.Param> rowAccumulated = new java.util.LinkedHashSet<>();
    private final Map<Node.Param, Node.Apply> outerTerm = new java.util.HashMap<>();
    private final Map<Node.Param, List<Node>> sharedTerms = new java.util.HashMap<>();

    /** The terms of a sum, {@code a + b + c}, in order. */
    private static List<Node> terms(Node n) {
        List<Node> out = new ArrayList<>();
        if (n instanceof Node.Apply a && a.op() == dev.gradus.compiler.ir.Binary.ADD
                && a.arg(0).shape().equals(n.shape()) && a.arg(1).shape().equals(n.shape())) {
            out.addAll(terms(a.arg(0)));
            out.addAll(terms(a.arg(1)));
        } else {
            out.add(n);
        }
        return out;
    }

    /** Whether the model does enough work per example to split batches between two threads. */
    private final boolean parallel;

    /** Weight matrices kept transposed as well, so that {@code W @ x} over a batch runs as vectorizable row updates. */
    private final java.util.Set<Node.Param> transposed = new java.util.LinkedHashSet<>();

    private TrainerEmitter(Plan plan, Precision precision, String sourceName) {
        this.plan = plan;
        this.model = plan.model();
        this.p = precision;
        this.sourceName = sourceName;
        this.comments = new MathPrinter(MathPrinter.Format.TEXT, plan.names());
        this.rule = UpdateRule.of(model.train().optimizer());
        this.exprs = new ElementExpressions(plan, precision);
        List<Node> all = new ArrayList<>(plan.outputPart());
        all.addAll(plan.lossPart());
        all.addAll(plan.backwardPart());
        for (Node n : all) {
            if (n instanceof Node.Apply a && a.op() == LinAlg.MATMUL && a.arg(0) instanceof Node.Param w
                    && w.shape().isMatrix() && w.shape().size() >= LARGE && a.arg(1).shape().isVector() && plan.isBatched(n)) {
                transposed.add(w);
            }
        }
        long weights = 0;
        for (Node.Param param : model.paramNodes()) {
            // A weight's gradient: one outer(a, b) over the batch, plus terms the same for every example
            // (a regularizer's), which are added once after the mean rather than once per example.
            List<Node> perExample = new ArrayList<>();
            List<Node> shared = new ArrayList<>();
            for (Node term : terms(plan.gradients().of(param))) {
                (plan.isBatched(term) ? perExample : shared).add(term);
            }
            if (perExample.size() == 1 && perExample.get(0) instanceof Node.Apply o && o.op() == LinAlg.OUTER
                    && param.shape().rows() > 1 && param.shape().cols() > 1) {
                rowAccumulated.add(param);
                outerTerm.put(param, o);
                sharedTerms.put(param, shared);
            }
            weights += param.shape().isMatrix() ? param.shape().size() : 0;
        }
        this.flopsPerExample = 6 * weights;
        this.parallel = flopsPerExample >= PARALLEL_FLOPS;
    }

    /**
     * Weight matrices of at least this many elements get the transposed copy and four-example blocking;
     * smaller ones keep the plain loops, which read better and cost nothing at their size.
     */
    private static final int LARGE = 4096;

    /** Models below about this many flops per example keep to one thread (and simpler code). */
    private static final long PARALLEL_FLOPS = 30_000;

    private final long flopsPerExample;

    /** The generated source file for a model. */
    public static JavaFile emit(Plan plan, String packageName, Precision precision, String sourceName) {
        return new TrainerEmitter(plan, precision, sourceName).file(packageName);
    }

    private JavaFile file(String packageName) {
        TypeSpec.Builder type = TypeSpec.classBuilder(model.name())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(TRAINER)
                .addJavadoc("Trainer for model {@code $L}, generated by Gradus from {@code $L}; do not edit.\n\n"
                        + "<p>Loss of one example: {@code $L}. A step averages it over the batch and applies\n"
                        + "{@code $L}. Values are {@code $L}; buffers are allocated once, for at most\n"
                        + "{@link #maxBatch()} examples a step, and a step allocates nothing.\n",
                        model.name(), sourceName, new MathPrinter(MathPrinter.Format.TEXT, model.valueNames()).print(model.loss()),
                        model.train().optimizer(), p.keyword());
        fields(type);
        type.addMethod(constructors().get(0)).addMethod(constructors().get(1));
        type.addMethod(initialize());
        type.addMethod(fitWithModelSettings());
        type.addMethod(step());
        type.addMethod(lossMethod("loss", false));
        type.addMethod(lossMethod("lossAndGradient", true));
        type.addMethod(predict());
        type.addMethod(load("loadInputs", model.inputs()));
        type.addMethod(load("loadTargets", model.targets()));
        type.addMethod(computeOutput());
        examplesMethod(type, plan.outputPart(), "outputExamples", "The output's values for examples from..to-1.\n");
        type.addMethod(forward());
        examplesMethod(type, plan.lossPart(), "lossExamples", "The rest of the forward pass, up to the loss, for examples from..to-1.\n");
        type.addMethod(meanLoss());
        type.addMethod(backward());
        examplesMethod(type, plan.backwardPart(), "backwardExamples", "The backward values of examples from..to-1.\n");
        for (Node.Param param : rowAccumulated) {
            gradientRowsMethod(type, param);
        }
        for (Node.Param param : model.paramNodes()) {
            if (updatedByRows(param)) {
                updateRowsMethod(type, param);
            }
        }
        for (Node.Param w : transposed) {
            transposeMethod(type, w);
        }
        if (parallel) {
            type.addMethod(MethodSpec.methodBuilder("split").addModifiers(Modifier.PRIVATE)
                    .addJavadoc("Runs {@code part} over 0..n-1, on two threads when there are workers and enough to split.\n")
                    .addParameter(WORKERS_RANGE, "part").addParameter(TypeName.INT, "n").addParameter(TypeName.INT, "grain")
                    .beginControlFlow("if (workers != null && n >= 2 * grain && n * $LL >= 2_000_000L)", flopsPerExample)
                    .addStatement("workers.run(part, n, grain)")
                    .nextControlFlow("else")
                    .addStatement("part.run(0, n)")
                    .endControlFlow().build());
        }
        type.addMethod(update());
        accessors(type);
        return JavaFile.builder(packageName, type.build())
                .addStaticImport(FN, "*")
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    // ---- fields

    private void fields(TypeSpec.Builder type) {
        TypeName specs = ParameterizedTypeName.get(ClassName.get(List.class), TENSOR_SPEC);
        type.addField(FieldSpec.builder(specs, "PARAMETERS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(specList(model.paramNodes().stream().map(n -> (Node) n).toList())).build());
        type.addField(FieldSpec.builder(specs, "INPUTS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(specList(new ArrayList<>(model.inputs()))).build());
        type.addField(FieldSpec.builder(specs, "TARGETS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(specList(new ArrayList<>(model.targets()))).build());
        for (CheckedModel.Parameter param : model.params()) {
            Node.Param n = param.node();
            FieldSpec.Builder f = FieldSpec.builder(p.type(n.shape().rank()), plan.name(n), Modifier.PRIVATE)
                    .addJavadoc("Parameter $L$L, initialized $L.\n", n.name(), n.shape(), param.init().description());
            if (!n.shape().isScalar()) {
                f.addModifiers(Modifier.FINAL).initializer("new $L", newArray(n.shape(), false));
            }
            type.addField(f.build());
            if (param.init().kind() == Init.Kind.LITERAL) {
                type.addField(FieldSpec.builder(p.type(1), "INITIAL_" + plan.name(n), Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL).initializer("$L", literalArray(param.init().values())).build());
            }
        }
        for (Node.Param n : model.paramNodes()) {
            FieldSpec.Builder f = FieldSpec.builder(p.type(n.shape().rank()), plan.gradientName(n), Modifier.PRIVATE)
                    .addJavadoc("d(mean loss)/d$L over the last batch.\n", n.name());
            if (!n.shape().isScalar()) {
                f.addModifiers(Modifier.FINAL).initializer("new $L", newArray(n.shape(), false));
            }
            type.addField(f.build());
        }
        for (Node.Param n : model.paramNodes()) {
            for (String s : rule.state()) {
                FieldSpec.Builder f = FieldSpec.builder(p.type(n.shape().rank()), plan.name(n) + "_" + s, Modifier.PRIVATE);
                if (!n.shape().isScalar()) {
                    f.addModifiers(Modifier.FINAL).initializer("new $L", newArray(n.shape(), false));
                }
                type.addField(f.build());
            }
        }
        for (Node.Param w : transposed) {
            type.addField(FieldSpec.builder(p.type(2), plan.name(w) + "_t", Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("$L transposed, refreshed by each forward pass: $L @ x then runs as row updates HotSpot vectorizes.\n",
                            w.name(), w.name())
                    .initializer("new $L[$L][$L]", p.keyword(), w.shape().cols(), w.shape().rows()).build());
        }
        type.addField(FieldSpec.builder(TypeName.INT, "maxBatch", Modifier.PRIVATE, Modifier.FINAL).build());
        if (parallel) {
            type.addField(FieldSpec.builder(WORKERS, "workers", Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("A second thread for large batches, or null.\n").build());
        }
        if (!rowAccumulated.isEmpty()) {
            type.addField(FieldSpec.builder(TypeName.INT, "batchSize", Modifier.PRIVATE)
                    .addJavadoc("The number of examples in the batch being differentiated.\n").build());
        }
        type.addField(FieldSpec.builder(TypeName.DOUBLE, "lr", Modifier.PRIVATE)
                .addJavadoc("The learning rate.\n").initializer("$L", model.train().optimizer().get("lr")).build());
        type.addField(FieldSpec.builder(TypeName.LONG, "step", Modifier.PRIVATE)
                .addJavadoc("Optimizer steps taken since initialization.\n").build());
        for (String scalar : rule.scalars()) {
            type.addField(FieldSpec.builder(p.type(0), scalar, Modifier.PRIVATE)
                    .addJavadoc("Set by each optimizer step for its element updates.\n").build());
        }
        for (Node.Input in : model.fields()) {
            TypeName t = in.isClass() ? TypeName.get(int[].class) : p.type(in.shape().rank() + 1);
            type.addField(FieldSpec.builder(t, plan.name(in), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("$L $L$L of each example in the batch.\n", in.target() ? "Target" : "Input", in.name(),
                            in.isClass() ? " (a class index)" : in.shape().toString()).build());
        }
        List<Node> buffers = new ArrayList<>();
        buffers.addAll(plan.outputPart());
        buffers.addAll(plan.lossPart());
        buffers.addAll(plan.backwardPart());
        for (Node n : buffers) {
            boolean batched = plan.isBatched(n);
            int rank = n.shape().rank() + (batched ? 1 : 0);
            FieldSpec.Builder f = FieldSpec.builder(p.type(rank), plan.name(n), Modifier.PRIVATE);
            if (batched) {
                f.addModifiers(Modifier.FINAL);
            } else if (!n.shape().isScalar()) {
                f.addModifiers(Modifier.FINAL).initializer("new $L", newArray(n.shape(), false));
            }
            String what = plan.isBackward(n) ? "Backward" : "Forward";
            f.addJavadoc("$L value $L$L: {@code $L}.\n", what, plan.name(n), n.shape(), comments.print(n));
            type.addField(f.build());
        }
    }

    private CodeBlock specList(List<Node> nodes) {
        CodeBlock.Builder b = CodeBlock.builder().add("$T.of(", List.class);
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            String name = n instanceof Node.Input in ? in.name() : ((Node.Param) n).name();
            int classes = n instanceof Node.Input in ? in.classes() : 0;
            StringBuilder dims = new StringBuilder();
            for (int d : n.shape().dims()) {
                dims.append(", ").append(d);
            }
            if (classes > 0) {
                b.add("$Lnew $T($S, new int[0], $L)", i > 0 ? ", " : "", TENSOR_SPEC, name, classes);
            } else {
                b.add("$Lnew $T($S$L)", i > 0 ? ", " : "", TENSOR_SPEC, name, dims);
            }
        }
        return b.add(")").build();
    }

    /** {@code double[10][4]} (with {@code maxBatch} in front for batched values). */
    private String newArray(Shape s, boolean batched) {
        StringBuilder t = new StringBuilder(p.keyword());
        if (batched) {
            t.append("[maxBatch]");
        }
        for (int d : s.dims()) {
            t.append('[').append(d).append(']');
        }
        return t.toString();
    }

    // ---- construction and initialization

    private List<MethodSpec> constructors() {
        int batch = model.train().batch();
        MethodSpec byDefault = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("A trainer for batches of up to $L examples (the model's {@code batch}), initialized with seed $L.\n",
                        batch, model.train().seed())
                .addStatement("this($L)", batch).build();
        CodeBlock.Builder body = CodeBlock.builder()
                .beginControlFlow("if (maxBatch < 1)")
                .addStatement("throw new $T($S + maxBatch)", IllegalArgumentException.class, "maxBatch must be positive, found ")
                .endControlFlow()
                .addStatement("this.maxBatch = maxBatch");
        if (parallel) {
            body.addStatement("this.workers = $T.forBatch(maxBatch, $LL)", WORKERS, flopsPerExample);
        }
        for (Node.Input in : model.fields()) {
            body.addStatement("this.$L = new $L", plan.name(in), in.isClass() ? "int[maxBatch]" : newArray(in.shape(), true));
        }
        List<Node> buffers = new ArrayList<>(plan.outputPart());
        buffers.addAll(plan.lossPart());
        buffers.addAll(plan.backwardPart());
        for (Node n : buffers) {
            if (plan.isBatched(n)) {
                body.addStatement("this.$L = new $L", plan.name(n), newArray(n.shape(), true));
            }
        }
        body.addStatement("initialize($LL)", model.train().seed());
        MethodSpec sized = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("A trainer for batches of up to {@code maxBatch} examples.\n")
                .addParameter(TypeName.INT, "maxBatch").addCode(body.build()).build();
        return List.of(byDefault, sized);
    }

    private MethodSpec initialize() {
        CodeBlock.Builder b = CodeBlock.builder().addStatement("$T rng = new $T(seed)", RNG, RNG);
        for (CheckedModel.Parameter param : model.params()) {
            Node.Param n = param.node();
            Init init = param.init();
            b.add("// $L: $L\n", n.name(), init.description());
            String value = switch (init.kind()) {
                case CONSTANT -> p.literal(init.a());
                case UNIFORM -> p.cast("rng.uniform(" + init.a() + ", " + init.b() + ")");
                case NORMAL -> p.cast("rng.normal(" + init.a() + ", " + init.b() + ")");
                case LITERAL -> null;
            };
            if (value == null) {
                forEachElement(b, n.shape(), (i, j) -> exprs.access(n, null, i, j) + " = INITIAL_" + plan.name(n)
                        + "[" + ElementExpressions.flat(n.shape(), i, j) + "]");
            } else {
                forEachElement(b, n.shape(), (i, j) -> exprs.access(n, null, i, j) + " = " + value);
            }
        }
        for (Node.Param n : model.paramNodes()) {
            for (String s : rule.state()) {
                String field = plan.name(n) + "_" + s;
                forEachElement(b, n.shape(), (i, j) -> field + ElementExpressions.index(n.shape(), i, j) + " = 0");
            }
        }
        b.addStatement("step = 0");
        return MethodSpec.methodBuilder("initialize").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(TypeName.LONG, "seed").addCode(b.build()).build();
    }

    private String literalArray(double[] v) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < v.length; i++) {
            s.append(i > 0 ? ", " : "").append(p.literal(v[i]));
        }
        return s.append('}').toString();
    }

    // ---- the step and its parts

    private MethodSpec fitWithModelSettings() {
        return MethodSpec.methodBuilder("fit").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(double[].class)
                .addParameter(DATA_SET, "data").addParameter(TypeName.INT, "epochs")
                .addParameter(ClassName.get(RUNTIME, "TrainingListener"), "listener")
                .addJavadoc("Trains with the model's settings: batch $L (at most maxBatch), shuffle $L, seed $L.\n",
                        model.train().batch(), model.train().shuffle(), model.train().seed())
                .addStatement("return fit(data, epochs, Math.min($L, maxBatch), $L, $LL, listener)",
                        model.train().batch(), model.train().shuffle(), model.train().seed())
                .build();
    }

    private MethodSpec step() {
        return MethodSpec.methodBuilder("step").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.DOUBLE)
                .addParameter(DATA_SET, "data").addParameter(int[].class, "order")
                .addParameter(TypeName.INT, "from").addParameter(TypeName.INT, "count")
                .addStatement("double batchLoss = lossAndGradient(data, order, from, count)")
                .addStatement("applyGradients()")
                .addStatement("return batchLoss")
                .build();
    }

    private MethodSpec lossMethod(String name, boolean gradient) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.DOUBLE)
                .addParameter(DATA_SET, "data").addParameter(int[].class, "order")
                .addParameter(TypeName.INT, "from").addParameter(TypeName.INT, "count")
                .beginControlFlow("if (count < 1 || count > maxBatch)")
                .addStatement("throw new $T($S + count + $S + maxBatch)", IllegalArgumentException.class,
                        "batch of ", " examples; this trainer takes 1 to ")
                .endControlFlow()
                .addStatement("loadInputs(data, order, from, count)")
                .addStatement("loadTargets(data, order, from, count)")
                .addStatement("forward(count)");
        if (gradient) {
            m.addStatement("backward(count)");
        }
        return m.addStatement("return meanLoss(count)").build();
    }

    private MethodSpec predict() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("predict").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(DATA_SET, "data").addParameter(TypeName.INT, "example").addParameter(double[].class, "out");
        Node out = model.output();
        if (out == null) {
            m.addStatement("throw new $T($S)", UnsupportedOperationException.class,
                    "model " + model.name() + " declares no output");
            return m.build();
        }
        m.addStatement("loadInputs(data, null, example, 1)").addStatement("computeOutput(1)");
        forEachElement(m, out.shape(), (i, j) -> "out[" + ElementExpressions.flat(out.shape(), i, j) + "] = " + exprs.access(out, "0", i, j));
        return m.build();
    }

    private MethodSpec load(String name, List<Node.Input> fields) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
                .addParameter(DATA_SET, "data").addParameter(int[].class, "order")
                .addParameter(TypeName.INT, "from").addParameter(TypeName.INT, "count");
        for (Node.Input in : fields) {
            String rows = plan.name(in) + "Rows";
            m.addStatement("double[][] $L = data.rows($S)", rows, in.name());
        }
        if (fields.isEmpty()) {
            return m.build();
        }
        m.beginControlFlow("for (int ex = 0; ex < count; ex++)")
                .addStatement("int row = order == null ? from + ex : order[from + ex]");
        for (Node.Input in : fields) {
            String rows = plan.name(in) + "Rows[row]";
            Shape s = in.shape();
            if (in.isClass()) {
                m.addStatement("$L[ex] = (int) $L[0]", plan.name(in), rows);
            } else if (s.isScalar()) {
                m.addStatement("$L[ex] = $L", plan.name(in), p.cast(rows + "[0]"));
            } else {
                forEachElement(m, s, (i, j) -> exprs.access(in, "ex", i, j) + " = "
                        + (p == Precision.DOUBLE ? rows + "[" + ElementExpressions.flat(s, i, j) + "]" : "(float) " + rows + "[" + ElementExpressions.flat(s, i, j) + "]"));
            }
        }
        return m.endControlFlow().build();
    }

    private MethodSpec computeOutput() {
        CodeBlock.Builder b = CodeBlock.builder();
        for (Node.Param w : transposed) {
            String name = plan.name(w);
            b.add("// $L_t = transpose($L)\n", name, name);
            b.addStatement(parallel ? "split($LTransposeTask, $L, 8)" : "$LTranspose(0, $L)", name, w.shape().cols());
        }
        serialPart(b, plan.outputPart(), "outputExamples");
        return MethodSpec.methodBuilder("computeOutput").addModifiers(Modifier.PRIVATE)
                .addJavadoc("The forward values the output needs; they depend on the inputs only.\n")
                .addParameter(TypeName.INT, "count").addCode(b.build()).build();
    }

    private MethodSpec forward() {
        CodeBlock.Builder b = CodeBlock.builder().addStatement("computeOutput(count)");
        serialPart(b, plan.lossPart(), "lossExamples");
        return MethodSpec.methodBuilder("forward").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Every forward value, up to each example's loss.\n")
                .addParameter(TypeName.INT, "count").addCode(b.build()).build();
    }

    /**
     * The values of a part that are the same for every example, then a call of the part's per-example
     * method over the batch (split between two threads when that pays).
     */
    private void serialPart(CodeBlock.Builder b, List<Node> part, String examplesMethod) {
        for (Node n : part) {
            if (!plan.isBatched(n)) {
                compute(b, n);
            }
        }
        if (part.stream().anyMatch(plan::isBatched)) {
            b.addStatement(parallel ? "split($L, count, 4)" : "$L(0, count)", parallel ? examplesMethod + "Task" : examplesMethod);
        }
    }

    /** The per-example method of a part: examples {@code from} to {@code to - 1}, independent of all others. */
    private void examplesMethod(TypeSpec.Builder type, List<Node> part, String name, String doc) {
        if (part.stream().noneMatch(plan::isBatched)) {
            return;
        }
        CodeBlock.Builder b = CodeBlock.builder();
        for (Node n : part) {
            if (plan.isBatched(n)) {
                compute(b, n);
            }
        }
        type.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE).addJavadoc(doc)
                .addParameter(TypeName.INT, "from").addParameter(TypeName.INT, "to").addCode(b.build()).build());
        if (parallel) {
            type.addField(FieldSpec.builder(WORKERS_RANGE, name + "Task", Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("this::$L", name).build());
        }
    }

    private MethodSpec meanLoss() {
        Node loss = model.loss();
        CodeBlock.Builder b = CodeBlock.builder();
        if (plan.isBatched(loss)) {
            b.addStatement("double total = 0").beginControlFlow("for (int ex = 0; ex < count; ex++)")
                    .addStatement("total += $L", exprs.elem(loss, "ex", null, null).text()).endControlFlow()
                    .addStatement("return total / count");
        } else {
            // A loss that is the same for every example (a constant, or parameters alone).
            b.addStatement("return $L", exprs.elem(loss, null, null, null).text());
        }
        return MethodSpec.methodBuilder("meanLoss").addModifiers(Modifier.PRIVATE).returns(TypeName.DOUBLE)
                .addParameter(TypeName.INT, "count").addCode(b.build()).build();
    }

    private MethodSpec backward() {
        CodeBlock.Builder b = CodeBlock.builder();
        serialPart(b, plan.backwardPart(), "backwardExamples");
        if (!rowAccumulated.isEmpty()) {
            b.addStatement("batchSize = count");
        }
        for (Node.Param param : model.paramNodes()) {
            if (rowAccumulated.contains(param)) {
                Node g = plan.gradients().of(param);
                b.add("// dloss/d$L = $L\n", param.name(), comments.print(g));
                String method = plan.gradientName(param) + "Rows";
                b.addStatement(parallel ? "split($LTask, $L, 1)" : "$L(0, $L)", method, param.shape().rows());
            } else {
                accumulate(b, param, plan.gradients().of(param));
            }
        }
        return MethodSpec.methodBuilder("backward").addModifiers(Modifier.PRIVATE)
                .addJavadoc("The gradient of the batch's mean loss with respect to every parameter (dX is dloss/dX).\n")
                .addParameter(TypeName.INT, "count").addCode(b.build()).build();
    }

    /** For a weight whose gradient is outer(a, b): rows {@code from} to {@code to - 1} of it, over the whole batch. */
    private void gradientRowsMethod(TypeSpec.Builder type, Node.Param param) {
        Shape s = param.shape();
        String d = plan.gradientName(param);
        Node.Apply o = outerTerm.get(param);
        String t = p.keyword();
        Node a = o.arg(0);
        Node v = o.arg(1);
        boolean rowOfB = v instanceof Node.Input || v instanceof Node.Param || plan.isMaterialized(v);
        CodeBlock.Builder b = CodeBlock.builder()
                .add("// Row by row: each row of the gradient stays in cache while every example adds a[i] times its b.\n")
                .beginControlFlow("for (int i = from; i < to; i++)")
                .addStatement("$L[] row = $L[i]", t, d)
                .beginControlFlow("for (int j = 0; j < $L; j++)", s.cols()).addStatement("row[j] = 0").endControlFlow()
                .beginControlFlow("for (int ex = 0; ex < batchSize; ex++)")
                .addStatement("$L ai = $L", t, exprs.elem(a, "ex", "i", null).text());
        if (rowOfB) {
            b.addStatement("$L[] bRow = $L", t, plan.isBatched(v) ? plan.name(v) + "[ex]" : plan.name(v))
                    .beginControlFlow("for (int j = 0; j < $L; j++)", s.cols()).addStatement("row[j] += ai * bRow[j]");
        } else {
            b.beginControlFlow("for (int j = 0; j < $L; j++)", s.cols())
                    .addStatement("row[j] += ai * $L", exprs.elem(v, "ex", "j", null).at(JavaExpr.MULTIPLICATIVE + 1));
        }
        b.endControlFlow().endControlFlow()
                .beginControlFlow("for (int j = 0; j < $L; j++)", s.cols());
        StringBuilder shared = new StringBuilder();
        for (Node term : sharedTerms.get(param)) {
            shared.append(" + ").append(exprs.elem(term, null, "i", "j").at(JavaExpr.ADDITIVE + 1));
        }
        if (shared.length() == 0) {
            b.addStatement("row[j] /= batchSize");
        } else {
            b.addStatement("row[j] = row[j] / batchSize$L", shared);
        }
        b
                .endControlFlow().endControlFlow();
        String name = d + "Rows";
        type.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
                .addJavadoc("Rows from..to-1 of d(mean loss)/d$L: the mean over the batch of {@code $L}$L.\n", param.name(),
                        comments.print(o), sharedTerms.get(param).isEmpty() ? "" : ", plus the terms every example shares")
                .addParameter(TypeName.INT, "from").addParameter(TypeName.INT, "to").addCode(b.build()).build());
        if (parallel) {
            type.addField(FieldSpec.builder(WORKERS_RANGE, name + "Task", Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("this::$L", name).build());
        }
    }

    /** dP = mean over the batch of the per-example gradient G. */
    private void accumulate(CodeBlock.Builder b, Node.Param param, Node g) {
        Shape s = param.shape();
        String d = plan.gradientName(param);
        b.add("// dloss/d$L = $L\n", param.name(), comments.print(g));
        if (!plan.isBatched(g)) {
            forEachElement(b, s, (i, j) -> d + ElementExpressions.index(s, i, j) + " = " + exprs.elem(g, null, i, j).text());
            return;
        }
        // Terms that differ per example are averaged over the batch; terms every example shares
        // (a regularizer's) are added once, after the mean.
        List<Node> perExample = new ArrayList<>();
        List<Node> shared = new ArrayList<>();
        for (Node term : terms(g)) {
            (plan.isBatched(term) ? perExample : shared).add(term);
        }
        forEachElement(b, s, (i, j) -> d + ElementExpressions.index(s, i, j) + " = 0");
        b.beginControlFlow("for (int ex = 0; ex < count; ex++)");
        forEachElement(b, s, (i, j) -> {
            StringBuilder sum = new StringBuilder();
            for (Node term : perExample) {
                sum.append(sum.length() == 0 ? "" : " + ").append(exprs.elem(term, "ex", i, j).at(JavaExpr.ADDITIVE + 1));
            }
            return d + ElementExpressions.index(s, i, j) + " += " + sum;
        });
        b.endControlFlow();
        forEachElement(b, s, (i, j) -> {
            StringBuilder extra = new StringBuilder();
            for (Node term : shared) {
                extra.append(" + ").append(exprs.elem(term, null, i, j).at(JavaExpr.ADDITIVE + 1));
            }
            String element = d + ElementExpressions.index(s, i, j);
            return shared.isEmpty() ? element + " /= count" : element + " = " + element + " / count" + extra;
        });
    }

    private MethodSpec update() {
        CodeBlock.Builder b = CodeBlock.builder().addStatement("step++");
        b.add("// $L, with torch.optim's update rule\n", model.train().optimizer());
        rule.prologue(b, p);
        for (Node.Param param : model.paramNodes()) {
            Shape s = param.shape();
            b.add("// $L\n", param.name());
            if (updatedByRows(param)) {
                b.addStatement("split($LUpdateTask, $L, 1)", plan.name(param), s.rows());
                continue;
            }
            boolean block = s.size() == 1; // no loop to scope the locals: give them a block of their own
            if (block) {
                b.add("{\n").indent();
            }
            forEachElement(b, s, (i, j) -> String.join(";\n",
                    rule.element(plan.name(param), plan.gradientName(param), ElementExpressions.index(s, i, j), p)));
            if (block) {
                b.unindent().add("}\n");
            }
        }
        return MethodSpec.methodBuilder("applyGradients").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addJavadoc("Applies the optimizer to every parameter, element by element, from the gradient buffers.\n")
                .addCode(b.build()).build();
    }

    /** Refreshes rows {@code from..to-1} of a weight's transposed copy, eight source rows at a time for the cache. */
    private void transposeMethod(TypeSpec.Builder type, Node.Param w) {
        String name = plan.name(w);
        int rows = w.shape().rows();
        CodeBlock.Builder b = CodeBlock.builder()
                .beginControlFlow("for (int i0 = 0; i0 < $L; i0 += 8)", rows)
                .addStatement("int i1 = Math.min(i0 + 8, $L)", rows)
                .beginControlFlow("for (int j = from; j < to; j++)")
                .addStatement("$L[] row = $L_t[j]", p.keyword(), name)
                .beginControlFlow("for (int i = i0; i < i1; i++)")
                .addStatement("row[i] = $L[i][j]", name)
                .endControlFlow().endControlFlow().endControlFlow();
        type.addMethod(MethodSpec.methodBuilder(name + "Transpose").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Rows from..to-1 of $L_t, the transpose of $L.\n", name, name)
                .addParameter(TypeName.INT, "from").addParameter(TypeName.INT, "to").addCode(b.build()).build());
        if (parallel) {
            type.addField(FieldSpec.builder(WORKERS_RANGE, name + "TransposeTask", Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("this::$LTranspose", name).build());
        }
    }

    /** Large weights are updated row range by row range, on both threads. */
    private boolean updatedByRows(Node.Param param) {
        return parallel && param.shape().isMatrix() && param.shape().size() >= LARGE;
    }

    /** The optimizer step for rows {@code from} to {@code to - 1} of a large weight. */
    private void updateRowsMethod(TypeSpec.Builder type, Node.Param param) {
        Shape s = param.shape();
        String name = plan.name(param) + "Update";
        CodeBlock.Builder b = CodeBlock.builder()
                .beginControlFlow("for (int i = from; i < to; i++)")
                .beginControlFlow("for (int j = 0; j < $L; j++)", s.cols());
        for (String line : rule.element(plan.name(param), plan.gradientName(param), ElementExpressions.index(s, "i", "j"), p)) {
            b.addStatement("$L", line);
        }
        b.endControlFlow().endControlFlow();
        type.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
                .addJavadoc("The optimizer step for rows from..to-1 of $L.\n", param.name())
                .addParameter(TypeName.INT, "from").addParameter(TypeName.INT, "to").addCode(b.build()).build());
        type.addField(FieldSpec.builder(WORKERS_RANGE, name + "Task", Modifier.PRIVATE, Modifier.FINAL)
                .initializer("this::$L", name).build());
    }

    // ---- computing one buffer

    private void compute(CodeBlock.Builder b, Node n) {
        Node.Apply a = (Node.Apply) n;
        String name = plan.name(n);
        b.add("// $L = $L\n", name, comments.print(n));
        boolean batched = plan.isBatched(n);
        String rows = batched ? rowsForBlocking(a) : null;
        if (rows != null) {
            // Four examples at a time: each row of the weights is loaded once for four row updates.
            Node x = a.arg(1);
            int m = n.shape().length();
            int kk = x.shape().length();
            String t = p.keyword();
            String out = plan.name(n);
            String in = plan.name(x);
            b.beginControlFlow("for (int ex = from; ex < to; ex += 4)")
                    .beginControlFlow("if (to - ex >= 4)")
                    .addStatement("$L[] o0 = $L[ex], o1 = $L[ex + 1], o2 = $L[ex + 2], o3 = $L[ex + 3]", t, out, out, out, out)
                    .addStatement("$L[] x0 = $L[ex], x1 = $L[ex + 1], x2 = $L[ex + 2], x3 = $L[ex + 3]", t, in, in, in, in)
                    .beginControlFlow("for (int i = 0; i < $L; i++)", m)
                    .addStatement("o0[i] = 0").addStatement("o1[i] = 0").addStatement("o2[i] = 0").addStatement("o3[i] = 0")
                    .endControlFlow()
                    .beginControlFlow("for (int k = 0; k < $L; k++)", kk)
                    .addStatement("$L a0 = x0[k], a1 = x1[k], a2 = x2[k], a3 = x3[k]", t)
                    .addStatement("$L[] wRow = $L", t, rows)
                    .beginControlFlow("for (int i = 0; i < $L; i++)", m)
                    .addStatement("$L wi = wRow[i]", t)
                    .addStatement("o0[i] += a0 * wi").addStatement("o1[i] += a1 * wi")
                    .addStatement("o2[i] += a2 * wi").addStatement("o3[i] += a3 * wi")
                    .endControlFlow().endControlFlow()
                    .nextControlFlow("else")
                    .beginControlFlow("for (int one = ex; one < to; one++)");
            matmul(b, a, "one");
            b.endControlFlow().endControlFlow().endControlFlow();
            return;
        }
        String ex = batched ? "ex" : null;
        if (batched) {
            b.beginControlFlow("for (int ex = from; ex < to; ex++)");
        }
        Shape s = n.shape();
        String t = p.keyword();
        if (a.op() == LinAlg.MATMUL) {
            matmul(b, a, ex);
        } else if (a.op() == LinAlg.DOT) {
            Node x = a.arg(0);
            Node y = a.arg(1);
            b.addStatement("$L acc = 0", t);
            b.beginControlFlow("for (int k = 0; k < $L; k++)", x.shape().length())
                    .addStatement("acc += $L * $L", exprs.elem(x, ex, "k", null).at(JavaExpr.MULTIPLICATIVE),
                            exprs.elem(y, ex, "k", null).at(JavaExpr.MULTIPLICATIVE + 1))
                    .endControlFlow();
            b.addStatement("$L = acc", exprs.access(n, ex, null, null));
        } else if (a.op() instanceof Reduce r) {
            Node x = a.arg(0);
            Shape xs = x.shape();
            if (r.axis() == -1 || xs.isVector()) {
                b.addStatement("$L acc = 0", t);
                forEachElement(b, xs, (i, j) -> "acc += " + exprs.elem(x, ex, i, j).text());
                b.addStatement("$L = acc", exprs.access(n, ex, null, null));
            } else if (r.axis() == 0) {
                forEachElement(b, s, (i, j) -> exprs.access(n, ex, i, null) + " = 0");
                forEachElement(b, xs, (i, j) -> exprs.access(n, ex, j, null) + " += " + exprs.elem(x, ex, i, j).text());
            } else {
                b.beginControlFlow("for (int i = 0; i < $L; i++)", xs.rows()).addStatement("$L acc = 0", t)
                        .beginControlFlow("for (int j = 0; j < $L; j++)", xs.cols())
                        .addStatement("acc += $L", exprs.elem(x, ex, "i", "j").text()).endControlFlow()
                        .addStatement("$L = acc", exprs.access(n, ex, "i", null)).endControlFlow();
            }
        } else if (a.op() instanceof VectorOp v) {
            Node x = a.arg(0);
            int len = x.shape().length();
            String xi = exprs.elem(x, ex, "i", null).text();
            b.addStatement("$L max = $L", t, p.literal(Double.NEGATIVE_INFINITY))
                    .beginControlFlow("for (int i = 0; i < $L; i++)", len).addStatement("max = Math.max(max, $L)", xi).endControlFlow()
                    .addStatement("$L total = 0", t);
            switch (v) {
                case SOFTMAX -> b.beginControlFlow("for (int i = 0; i < $L; i++)", len)
                        .addStatement("$L = exp($L - max)", exprs.access(n, ex, "i", null), xi)
                        .addStatement("total += $L", exprs.access(n, ex, "i", null)).endControlFlow()
                        .beginControlFlow("for (int i = 0; i < $L; i++)", len)
                        .addStatement("$L /= total", exprs.access(n, ex, "i", null)).endControlFlow();
                case LOG_SOFTMAX -> b.beginControlFlow("for (int i = 0; i < $L; i++)", len)
                        .addStatement("total += exp($L - max)", xi).endControlFlow()
                        .addStatement("$L logSum = max + log(total)", t)
                        .beginControlFlow("for (int i = 0; i < $L; i++)", len)
                        .addStatement("$L = $L - logSum", exprs.access(n, ex, "i", null), xi).endControlFlow();
                case LOGSUMEXP -> b.beginControlFlow("for (int i = 0; i < $L; i++)", len)
                        .addStatement("total += exp($L - max)", xi).endControlFlow()
                        .addStatement("$L = max + log(total)", exprs.access(n, ex, null, null));
            }
        } else {
            forEachElement(b, s, (i, j) -> exprs.access(n, ex, i, j) + " = " + exprs.inline(a, ex, i, j).text());
        }
        if (batched) {
            b.endControlFlow();
        }
    }

    /**
     * For a batched {@code W @ x} (through W's transposed copy) or {@code transpose(W) @ x} whose x
     * has a buffer, the expression of W's row k in the row-update form; else null.
     */
    private String rowsForBlocking(Node.Apply a) {
        if (a.op() != LinAlg.MATMUL || !a.arg(0).shape().isMatrix() || !a.arg(1).shape().isVector()) {
            return null;
        }
        Node x = a.arg(1);
        boolean xRows = (x instanceof Node.Input || plan.isMaterialized(x)) && plan.isBatched(x);
        if (!xRows) {
            return null;
        }
        if (a.arg(0) instanceof Node.Param w && transposed.contains(w)) {
            return plan.name(w) + "_t[k]";
        }
        if (a.arg(0) instanceof Node.Apply tr && tr.op() == LinAlg.TRANSPOSE && tr.arg(0) instanceof Node.Param w
                && w.shape().size() >= LARGE) {
            return plan.name(w) + "[k]";
        }
        return null;
    }

    private void matmul(CodeBlock.Builder b, Node.Apply n, String ex) {
        Node a = n.arg(0);
        Node x = n.arg(1);
        Shape sa = a.shape();
        Shape sx = x.shape();
        String t = p.keyword();
        if (sa.isMatrix() && sx.isVector()) {
            if (a instanceof Node.Apply tr && tr.op() == LinAlg.TRANSPOSE) {
                // transpose(B) @ x: add x[k] times row k of B, a loop HotSpot vectorizes.
                Node bm = tr.arg(0);
                forEachElement(b, n.shape(), (i, j) -> exprs.access(n, ex, i, null) + " = 0");
                b.beginControlFlow("for (int k = 0; k < $L; k++)", sx.length())
                        .addStatement("$L xk = $L", t, exprs.elem(x, ex, "k", null).text())
                        .beginControlFlow("for (int i = 0; i < $L; i++)", sa.rows())
                        .addStatement("$L += xk * $L", exprs.access(n, ex, "i", null), exprs.elem(bm, ex, "k", "i").at(JavaExpr.MULTIPLICATIVE + 1))
                        .endControlFlow().endControlFlow();
                return;
            }
            if (a instanceof Node.Param w && transposed.contains(w)) {
                // W @ x as x[k] times row k of W's transpose: the same sums in the same order, vectorized.
                forEachElement(b, n.shape(), (i, j) -> exprs.access(n, ex, i, null) + " = 0");
                b.beginControlFlow("for (int k = 0; k < $L; k++)", sx.length())
                        .addStatement("$L xk = $L", t, exprs.elem(x, ex, "k", null).text())
                        .beginControlFlow("for (int i = 0; i < $L; i++)", sa.rows())
                        .addStatement("$L += xk * $L_t[k][i]", exprs.access(n, ex, "i", null), plan.name(w))
                        .endControlFlow().endControlFlow();
                return;
            }
            b.beginControlFlow("for (int i = 0; i < $L; i++)", sa.rows()).addStatement("$L acc = 0", t)
                    .beginControlFlow("for (int k = 0; k < $L; k++)", sa.cols())
                    .addStatement("acc += $L * $L", exprs.elem(a, ex, "i", "k").at(JavaExpr.MULTIPLICATIVE),
                            exprs.elem(x, ex, "k", null).at(JavaExpr.MULTIPLICATIVE + 1))
                    .endControlFlow().addStatement("$L = acc", exprs.access(n, ex, "i", null)).endControlFlow();
        } else if (sa.isVector() && sx.isMatrix()) {
            forEachElement(b, n.shape(), (i, j) -> exprs.access(n, ex, i, null) + " = 0");
            b.beginControlFlow("for (int k = 0; k < $L; k++)", sa.length())
                    .addStatement("$L ak = $L", t, exprs.elem(a, ex, "k", null).text())
                    .beginControlFlow("for (int j = 0; j < $L; j++)", sx.cols())
                    .addStatement("$L += ak * $L", exprs.access(n, ex, "j", null), exprs.elem(x, ex, "k", "j").at(JavaExpr.MULTIPLICATIVE + 1))
                    .endControlFlow().endControlFlow();
        } else if (sa.isMatrix()) {
            b.beginControlFlow("for (int i = 0; i < $L; i++)", sa.rows())
                    .beginControlFlow("for (int j = 0; j < $L; j++)", sx.cols())
                    .addStatement("$L = 0", exprs.access(n, ex, "i", "j")).endControlFlow()
                    .beginControlFlow("for (int k = 0; k < $L; k++)", sa.cols())
                    .addStatement("$L aik = $L", t, exprs.elem(a, ex, "i", "k").text())
                    .beginControlFlow("for (int j = 0; j < $L; j++)", sx.cols())
                    .addStatement("$L += aik * $L", exprs.access(n, ex, "i", "j"), exprs.elem(x, ex, "k", "j").at(JavaExpr.MULTIPLICATIVE + 1))
                    .endControlFlow().endControlFlow().endControlFlow();
        } else {
            b.addStatement("$L acc = 0", t)
                    .beginControlFlow("for (int k = 0; k < $L; k++)", sa.length())
                    .addStatement("acc += $L * $L", exprs.elem(a, ex, "k", null).at(JavaExpr.MULTIPLICATIVE),
                            exprs.elem(x, ex, "k", null).at(JavaExpr.MULTIPLICATIVE + 1))
                    .endControlFlow().addStatement("$L = acc", exprs.access(n, ex, null, null));
        }
    }

    interface ElementStatement {
        String at(String i, String j);
    }

    /** Loops over the elements of a shape (none for a scalar) and emits one statement per element. */
    private static void forEachElement(CodeBlock.Builder b, Shape s, ElementStatement body) {
        if (s.isScalar()) {
            for (String line : body.at(null, null).split(";\n")) {
                b.addStatement("$L", line);
            }
            return;
        }
        // A dimension of size 1 gets no loop: index 0 reads better than a loop that runs once.
        boolean rowLoop = s.rows() > 1;
        boolean colLoop = s.isMatrix() && s.cols() > 1;
        if (rowLoop) {
            b.beginControlFlow("for (int i = 0; i < $L; i++)", s.rows());
        }
        if (colLoop) {
            b.beginControlFlow("for (int j = 0; j < $L; j++)", s.cols());
        }
        for (String line : body.at(rowLoop ? "i" : "0", s.isMatrix() ? colLoop ? "j" : "0" : null).split(";\n")) {
            b.addStatement("$L", line);
        }
        if (colLoop) {
            b.endControlFlow();
        }
        if (rowLoop) {
            b.endControlFlow();
        }
    }

    private static void forEachElement(MethodSpec.Builder m, Shape s, ElementStatement body) {
        CodeBlock.Builder b = CodeBlock.builder();
        forEachElement(b, s, body);
        m.addCode(b.build());
    }

    // ---- accessors

    private void accessors(TypeSpec.Builder type) {
        type.addMethod(simple("modelName", ClassName.get(String.class), CodeBlock.of("return $S;\n", model.name())));
        TypeName specs = ParameterizedTypeName.get(ClassName.get(List.class), TENSOR_SPEC);
        type.addMethod(simple("parameters", specs, CodeBlock.of("return PARAMETERS;\n")));
        type.addMethod(simple("inputs", specs, CodeBlock.of("return INPUTS;\n")));
        type.addMethod(simple("targets", specs, CodeBlock.of("return TARGETS;\n")));
        Node out = model.output();
        CodeBlock output = out == null ? CodeBlock.of("return null;\n")
                : CodeBlock.of("return new $T($S$L);\n", TENSOR_SPEC, model.outputName(),
                out.shape().dims().stream().map(d -> ", " + d).reduce("", String::concat));
        type.addMethod(simple("output", TENSOR_SPEC, output));
        type.addMethod(simple("doublePrecision", TypeName.BOOLEAN, CodeBlock.of("return $L;\n", p == Precision.DOUBLE)));
        type.addMethod(simple("maxBatch", TypeName.INT, CodeBlock.of("return maxBatch;\n")));
        type.addMethod(MethodSpec.methodBuilder("learningRate").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(TypeName.DOUBLE, "lr").addStatement("this.lr = lr").build());
        type.addMethod(copy("getParameter", false, false));
        type.addMethod(copy("setParameter", true, false));
        type.addMethod(copy("getGradient", false, true));
        type.addMethod(gradientSum());
        List<String> paramFields = model.paramNodes().stream().map(plan::name).toList();
        List<String> gradFields = model.paramNodes().stream().map(plan::gradientName).toList();
        List<Shape> shapes = model.paramNodes().stream().map(Node::shape).toList();
        type.addMethod(flatCopy("getParameters", false, paramFields, shapes, false));
        type.addMethod(flatCopy("setParameters", true, paramFields, shapes, false));
        type.addMethod(flatCopy("getGradients", false, gradFields, shapes, false));
        type.addMethod(flatCopy("setGradients", true, gradFields, shapes, false));
        List<String> stateFields = new ArrayList<>();
        List<Shape> stateShapes = new ArrayList<>();
        int stateSize = 1;
        for (Node.Param n : model.paramNodes()) {
            for (String st : rule.state()) {
                stateFields.add(plan.name(n) + "_" + st);
                stateShapes.add(n.shape());
                stateSize += n.shape().size();
            }
        }
        type.addMethod(simple("optimizerStateSize", TypeName.INT, CodeBlock.of("return $L;\n", stateSize)));
        type.addMethod(flatCopy("getOptimizerState", false, stateFields, stateShapes, true));
        type.addMethod(flatCopy("setOptimizerState", true, stateFields, stateShapes, true));
    }

    private MethodSpec gradientSum() {
        CodeBlock.Builder b = CodeBlock.builder()
                .addStatement("double mean = lossAndGradient(data, order, from, count)");
        for (Node.Param n : model.paramNodes()) {
            Shape s = n.shape();
            String d = plan.gradientName(n);
            forEachElement(b, s, (i, j) -> d + ElementExpressions.index(s, i, j) + " *= count");
        }
        b.addStatement("return mean * count");
        return MethodSpec.methodBuilder("gradientSum").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.DOUBLE)
                .addParameter(DATA_SET, "data").addParameter(int[].class, "order")
                .addParameter(TypeName.INT, "from").addParameter(TypeName.INT, "count")
                .addCode(b.build()).build();
    }

    /** Copies buffers to or from one flat array, each row-major, one after another (after the step count for optimizer state). */
    private MethodSpec flatCopy(String method, boolean set, List<String> fields, List<Shape> shapes, boolean stepFirst) {
        CodeBlock.Builder b = CodeBlock.builder();
        String array = set ? "src" : "dst";
        int offset = 0;
        if (stepFirst) {
            b.addStatement(set ? "step = (long) src[0]" : "dst[0] = step");
            offset = 1;
        }
        for (int f = 0; f < fields.size(); f++) {
            Shape s = shapes.get(f);
            String field = fields.get(f);
            int base = offset;
            forEachElement(b, s, (i, j) -> {
                String flat = ElementExpressions.flat(s, i, j);
                String at = array + "[" + (base == 0 ? flat : flat.equals("0") ? String.valueOf(base) : base + " + " + flat) + "]";
                return set ? field + ElementExpressions.index(s, i, j) + " = " + (p == Precision.DOUBLE ? "" : "(float) ") + at
                        : at + " = " + field + ElementExpressions.index(s, i, j);
            });
            offset += s.size();
        }
        return MethodSpec.methodBuilder(method).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(double[].class, array).addCode(b.build()).build();
    }

    private MethodSpec simple(String name, TypeName returns, CodeBlock body) {
        return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(returns).addCode(body).build();
    }

    private MethodSpec copy(String method, boolean set, boolean gradient) {
        CodeBlock.Builder b = CodeBlock.builder().beginControlFlow("switch (name)");
        for (Node.Param n : model.paramNodes()) {
            b.add("case $S -> {\n", n.name()).indent();
            Shape s = n.shape();
            String field = gradient ? plan.gradientName(n) : plan.name(n);
            forEachElement(b, s, (i, j) -> set
                    ? field + ElementExpressions.index(s, i, j) + " = " + (p == Precision.DOUBLE ? "" : "(float) ") + "src[" + ElementExpressions.flat(s, i, j) + "]"
                    : "dst[" + ElementExpressions.flat(s, i, j) + "] = " + field + ElementExpressions.index(s, i, j));
            b.unindent().add("}\n");
        }
        b.addStatement("default -> throw new $T($S + name)", IllegalArgumentException.class, "no parameter ")
                .endControlFlow();
        return MethodSpec.methodBuilder(method).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(String.class, "name").addParameter(double[].class, set ? "src" : "dst")
                .addCode(b.build()).build();
    }
}
