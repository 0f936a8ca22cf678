package dev.gradus.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.gradus.compiler.emit.Members.Field;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.lower.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.lang.model.element.Modifier;

/**
 * Prints what a trainer tells about itself and how its buffers are read and written from outside:
 * names and shapes, parameters and gradients by name or as one flat array, the optimizer's state,
 * gradient sums of a slice, and {@code fit} with the model's own settings.
 */
final class Accessors {
    private final Emission e;
    private final Members m;
    private final CheckedModel model;

    Accessors(Emission e) {
        this.e = e;
        this.m = e.members();
        this.model = e.model();
    }

    void addTo(TypeSpec.Builder type) {
        type.addMethod(fit());
        type.addMethod(simple("modelName", Types.STRING, CodeBlock.of("return $S;\n", model.name())));
        TypeName specs = ParameterizedTypeName.get(Types.LIST, Types.TENSOR_SPEC);
        type.addMethod(simple("parameters", specs, CodeBlock.of("return $L;\n", m.field(Field.PARAMETERS))));
        type.addMethod(simple("inputs", specs, CodeBlock.of("return $L;\n", m.field(Field.INPUTS))));
        type.addMethod(simple("targets", specs, CodeBlock.of("return $L;\n", m.field(Field.TARGETS))));
        Node out = model.output();
        CodeBlock output = out == null ? CodeBlock.of("return null;\n") : CodeBlock.of("return $L;\n", spec(model.outputName(), out));
        type.addMethod(simple("output", Types.TENSOR_SPEC, output));
        CodeBlock.Builder all = CodeBlock.builder().add("return $T.of(", Types.LIST);
        for (int k = 0; k < model.outputs().size(); k++) {
            all.add("$L$L", k > 0 ? ", " : "", spec(model.outputNames().get(k), model.outputs().get(k)));
        }
        type.addMethod(simple("outputs", ParameterizedTypeName.get(Types.LIST, Types.TENSOR_SPEC), all.add(");\n").build()));
        type.addMethod(simple("doublePrecision", TypeName.BOOLEAN, CodeBlock.of("return $L;\n", e.p() == Precision.DOUBLE)));
        type.addMethod(simple("maxBatch", TypeName.INT, CodeBlock.of("return $L;\n", m.field(Field.maxBatch))));
        Names.Scope s = m.scope();
        type.addMethod(MethodSpec.methodBuilder("learningRate").addAnnotation(Types.OVERRIDE).addModifiers(Modifier.PUBLIC)
                .addParameter(TypeName.DOUBLE, s.get("lr")).addStatement("this.$L = $L", m.field(Field.lr), s.get("lr")).build());
        type.addMethod(simple("learningRate", TypeName.DOUBLE, CodeBlock.of("return $L;\n", m.field(Field.lr))));
        type.addMethod(byName("getParameter", false, m::of));
        type.addMethod(byName("setParameter", true, m::of));
        type.addMethod(byName("getGradient", false, m::grad));
        type.addMethod(gradientSum());
        List<Node.Param> params = model.paramNodes();
        List<String> paramFields = params.stream().map(m::of).toList();
        List<String> gradFields = params.stream().map(m::grad).toList();
        List<Shape> shapes = params.stream().map(Node::shape).toList();
        type.addMethod(flat("getParameters", false, paramFields, shapes, false));
        type.addMethod(flat("setParameters", true, paramFields, shapes, false));
        type.addMethod(flat("getGradients", false, gradFields, shapes, false));
        MethodSpec setGradients = flat("setGradients", true, gradFields, shapes, false);
        CodeBlock.Builder passes = CodeBlock.builder();
        Names.Scope scope = m.scope();
        for (Node.Param n : params) {
            if (e.schedule().tracksRows(n)) { // every row of a gradient set here is one the next pass clears unless its batch uses it
                String rowPass = m.rowPass(n);
                Loops.forEach(passes, scope, Shape.vector(n.shape().rows()), (i, j) -> rowPass + "[" + i + "] = " + m.field(Field.backwardPass));
            }
        }
        type.addMethod(setGradients.toBuilder().addCode(passes.build()).build());
        List<String> stateFields = new ArrayList<>();
        List<Shape> stateShapes = new ArrayList<>();
        int stateSize = 1;
        for (Node.Param n : params) {
            for (String st : e.rule().state()) {
                stateFields.add(m.state(n, st));
                stateShapes.add(n.shape());
                stateSize += n.shape().size();
            }
        }
        type.addMethod(simple("optimizerStateSize", TypeName.INT, CodeBlock.of("return $L;\n", stateSize)));
        type.addMethod(flat("getOptimizerState", false, stateFields, stateShapes, true));
        type.addMethod(flat("setOptimizerState", true, stateFields, stateShapes, true));
    }

    private MethodSpec fit() {
        Names.Scope s = m.scope();
        var train = model.train();
        return MethodSpec.methodBuilder("fit").addAnnotation(Types.OVERRIDE).addModifiers(Modifier.PUBLIC)
                .returns(double[].class)
                .addParameter(Types.DATA_SET, s.get("data")).addParameter(TypeName.INT, s.get("epochs"))
                .addParameter(Types.TRAINING_LISTENER, s.get("listener"))
                .addJavadoc("Trains with the model's settings: batch $L, shuffle $L, seed $L (a trainer made for a smaller batch\n"
                        + "refuses, as Fit does: it never trains with another batch than the one asked for).\n",
                        train.batch(), train.shuffle(), train.seed())
                .addStatement("return fit($L, $L, $L, $L, $LL, $L)", s.get("data"), s.get("epochs"),
                        train.batch(), train.shuffle(), train.seed(), s.get("listener"))
                .build();
    }

    private static CodeBlock spec(String name, Node n) {
        return CodeBlock.of("new $T($S$L)", Types.TENSOR_SPEC, name, n.shape().dims().stream().map(d -> ", " + d).reduce("", String::concat));
    }

    private static MethodSpec simple(String name, TypeName returns, CodeBlock body) {
        return MethodSpec.methodBuilder(name).addAnnotation(Types.OVERRIDE).addModifiers(Modifier.PUBLIC)
                .returns(returns).addCode(body).build();
    }

    /** {@code getParameter(name, dst)} and the like: a switch over the model's parameter names. */
    private MethodSpec byName(String method, boolean set, Function<Node.Param, String> field) {
        Names.Scope s = m.scope();
        String name = s.get("name");
        String array = s.get(set ? "src" : "dst");
        CodeBlock.Builder b = CodeBlock.builder().beginControlFlow("switch ($L)", name);
        for (Node.Param n : model.paramNodes()) {
            b.add("case $S -> {\n", n.name()).indent();
            Shape sh = Loops.flat(n.shape());
            String f = field.apply(n);
            Loops.forEach(b, s, sh, (i, j) -> copy(set, f + ElementExpressions.index(sh, i, j),
                    array + "[" + ElementExpressions.flat(sh, i, j) + "]"));
            b.unindent().add("}\n");
        }
        b.addStatement("default -> throw new $T($S + $L)", Types.ILLEGAL_ARGUMENT, "no parameter ", name).endControlFlow();
        return MethodSpec.methodBuilder(method).addAnnotation(Types.OVERRIDE).addModifiers(Modifier.PUBLIC)
                .addParameter(Types.STRING, name).addParameter(double[].class, array)
                .addCode(b.build()).build();
    }

    private String copy(boolean set, String element, String flat) {
        return set ? element + " = " + (e.p() == Precision.DOUBLE ? "" : "(float) ") + flat : flat + " = " + element;
    }

    private MethodSpec gradientSum() {
        Names.Scope s = m.scope();
        String mean = s.get("mean");
        String count = s.get("count");
        CodeBlock.Builder b = CodeBlock.builder().addStatement("double $L = lossAndGradient($L, $L, $L, $L)", mean,
                s.get("data"), s.get("order"), s.get("from"), count);
        for (Node.Param n : model.paramNodes()) {
            Shape sh = Loops.flat(n.shape());
            String d = m.grad(n);
            Loops.forEach(b, s, sh, (i, j) -> d + ElementExpressions.index(sh, i, j) + " *= " + count);
        }
        b.addStatement("return $L * $L", mean, count);
        return StepEmitter.batchMethod("gradientSum", s).returns(TypeName.DOUBLE).addCode(b.build()).build();
    }

    /** Copies buffers to or from one flat array, each row-major, one after another (after the step count for optimizer state). */
    private MethodSpec flat(String method, boolean set, List<String> fields, List<Shape> shapes, boolean stepFirst) {
        Names.Scope s = m.scope();
        String array = s.get(set ? "src" : "dst");
        CodeBlock.Builder b = CodeBlock.builder();
        int offset = 0;
        if (stepFirst) {
            String step = m.field(Field.step);
            b.addStatement(set ? "$L = (long) $L[0]" : "$2L[0] = $1L", step, array);
            offset = 1;
        }
        for (int f = 0; f < fields.size(); f++) {
            Shape sh = Loops.flat(shapes.get(f));
            String field = fields.get(f);
            int base = offset;
            Loops.forEach(b, s, sh, (i, j) -> {
                String flat = ElementExpressions.flat(sh, i, j);
                String at = array + "[" + (base == 0 ? flat : flat.equals("0") ? String.valueOf(base) : base + " + " + flat) + "]";
                return copy(set, field + ElementExpressions.index(sh, i, j), at);
            });
            offset += sh.size();
        }
        return MethodSpec.methodBuilder(method).addAnnotation(Types.OVERRIDE).addModifiers(Modifier.PUBLIC)
                .addParameter(double[].class, array).addCode(b.build()).build();
    }
}
