package dev.gradus.compiler.emit;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * A step's first work: the batch's inputs and targets copied in from the data set, row by row in the
 * order given. Where the model splits its batches and its inputs are wide, the workers' threads copy
 * the inputs, each its examples ({@link Schedule#loadsInParallel}).
 */
final class LoadEmitter {
    private final Emission e;
    private final Members m;
    private final StageEmitter stages;

    LoadEmitter(Emission e, StageEmitter stages) {
        this.e = e;
        this.m = e.members();
        this.stages = stages;
    }

    void addTo(TypeSpec.Builder type) {
        addInputLoads(type);
        type.addMethod(load(Method.loadTargets, e.model().targets()));
    }

    private MethodSpec load(Method method, List<Node.Input> fields) {
        Names.Scope s = m.scope();
        String data = s.get("data");
        String order = s.get("order");
        String from = s.get("from");
        String count = s.get("count");
        MethodSpec.Builder b = loadMethod(method, s);
        if (fields.isEmpty()) {
            return b.build();
        }
        Map<Node.Input, String> values = new LinkedHashMap<>();
        for (Node.Input in : fields) { // each field flat, example after example, as the data set holds it
            values.put(in, s.get(in.name() + "Values"));
            b.addStatement("$T $L = $L", valuesType(in), values.get(in), valuesOf(in, data));
        }
        return b.addCode(copyRows(s, values, order, from, "0", count)).build();
    }

    private MethodSpec.Builder loadMethod(Method method, Names.Scope s) {
        return MethodSpec.methodBuilder(m.method(method)).addModifiers(Modifier.PRIVATE)
                .addParameter(Types.DATA_SET, s.get("data")).addParameter(int[].class, s.get("order"))
                .addParameter(TypeName.INT, s.get("from")).addParameter(TypeName.INT, s.get("count"));
    }

    /**
     * The inputs' loading where the workers copy a batch in ({@link Schedule#loadsInParallel}):
     * {@code loadInputs} holds the data set's arrays and the batch's rows in fields for the threads, splits
     * the examples between them ({@code loadExamples}) and lets go of the data set again.
     */
    private void addInputLoads(TypeSpec.Builder type) {
        if (!e.schedule().loadsInParallel()) {
            type.addMethod(load(Method.loadInputs, e.model().inputs()));
            return;
        }
        Map<Node.Input, String> values = new LinkedHashMap<>();
        for (Node.Input in : e.model().inputs()) {
            values.put(in, m.loadValues(in));
            type.addField(FieldSpec.builder(valuesType(in), values.get(in), Modifier.PRIVATE)
                    .addJavadoc("The data set's $L while the threads copy a batch in (else null).\n", in.name()).build());
        }
        String order = m.field(Field.loadOrder);
        String first = m.field(Field.loadFrom);
        type.addField(FieldSpec.builder(int[].class, order, Modifier.PRIVATE)
                .addJavadoc("The order of the data set's rows the batch being copied in takes its examples from (null: in order).\n").build());
        type.addField(FieldSpec.builder(TypeName.INT, first, Modifier.PRIVATE)
                .addJavadoc("The batch's first example in that order.\n").build());
        stages.task(type, m.task(Method.loadExamples), m.method(Method.loadExamples));

        Names.Scope s = m.scope();
        MethodSpec.Builder b = loadMethod(Method.loadInputs, s);
        for (Node.Input in : e.model().inputs()) {
            b.addStatement("$L = $L", values.get(in), valuesOf(in, s.get("data")));
        }
        b.addStatement("$L = $L", order, s.get("order"))
                .addStatement("$L = $L", first, s.get("from"))
                .addStatement("$L($L, $L, $L)", m.method(Method.split), m.task(Method.loadExamples), s.get("count"),
                        Schedule.EXAMPLE_GRAIN);
        for (Node.Input in : e.model().inputs()) {
            b.addStatement("$L = null", values.get(in));
        }
        type.addMethod(b.addStatement("$L = null", order).build());

        Names.Scope r = m.scope();
        String from = r.get("from");
        String to = r.get("to");
        type.addMethod(MethodSpec.methodBuilder(m.method(Method.loadExamples)).addModifiers(Modifier.PRIVATE)
                .addJavadoc("Examples $L..$L-1 of the batch's inputs, copied in from the data set (each thread its examples).\n", from, to)
                .addParameter(TypeName.INT, from).addParameter(TypeName.INT, to)
                .addCode(copyRows(r, values, order, first, from, to)).build());
    }

    private TypeName valuesType(Node.Input in) {
        return copiesFloats(in) ? TypeName.get(float[].class) : TypeName.get(double[].class);
    }

    /** The data set's array of an input: its float copy for a wide field of a float trainer ({@link #copiesFloats}). */
    private CodeBlock valuesOf(Node.Input in, String data) {
        return CodeBlock.of("$L.$L($S)", data, copiesFloats(in) ? "floatValues" : "values", in.name());
    }

    /** For examples {@code lo..hi-1} of the batch, each field's row of the data set copied into the field's buffer. */
    private CodeBlock copyRows(Names.Scope s, Map<Node.Input, String> values, String order, String from, String lo, String hi) {
        String ex = s.get("ex");
        String row = s.get("row");
        CodeBlock.Builder c = CodeBlock.builder();
        Loops.open(c, ex, lo, hi);
        c.addStatement("int $L = $L == null ? $L + $L : $L[$L + $L]", row, order, from, ex, order, from, ex);
        for (Map.Entry<Node.Input, String> v : values.entrySet()) {
            Node.Input in = v.getKey();
            String field = m.of(in);
            int size = in.shape().size();
            String at = ElementExpressions.times(row, size);
            if (in.isClass() && size == 1) {
                c.addStatement("$L[$L] = (int) $L[$L]", field, ex, v.getValue(), row);
            } else if (in.isClass()) { // a vector of class indices
                String k = s.get("k");
                Loops.open(c, k, 0, size);
                c.addStatement("$L[$L + $L] = (int) $L[$L + $L]", field, ElementExpressions.times(ex, size), k, v.getValue(), at, k)
                        .endControlFlow();
            } else if (size == 1) {
                c.addStatement("$L[$L] = $L", field, ex, e.p().cast(v.getValue() + "[" + row + "]"));
            } else {
                c.addStatement("$T.arraycopy($L, $L, $L, $L, $L)", Types.SYSTEM, v.getValue(), at, field,
                        ElementExpressions.times(ex, size), size);
            }
        }
        return c.endControlFlow().build();
    }

    /**
     * Whether a field loads from the data set's float copy: a float trainer's fields of more than one
     * number (a wide input converted every step costs more than the copy's memory, made once).
     */
    private boolean copiesFloats(Node.Input in) {
        return e.p() == Precision.FLOAT && !in.isClass() && in.shape().size() > 1;
    }
}
