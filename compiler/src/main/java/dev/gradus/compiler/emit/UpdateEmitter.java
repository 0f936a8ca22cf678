package dev.gradus.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.gradus.compiler.emit.Members.Field;
import dev.gradus.compiler.emit.Members.Method;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.lower.Names;
import java.util.function.UnaryOperator;
import javax.lang.model.element.Modifier;

/** Prints the optimizer step: torch.optim's update rule over every element of every parameter. */
final class UpdateEmitter {
    private final Emission e;
    private final Members m;

    UpdateEmitter(Emission e) {
        this.e = e;
        this.m = e.members();
    }

    void addTo(TypeSpec.Builder type) {
        StageEmitter stages = new StageEmitter(e);
        Names.Scope s = m.scope();
        UnaryOperator<String> n = names(s);
        CodeBlock.Builder b = CodeBlock.builder().addStatement("$L++", m.field(Field.step));
        b.add("// $L, with torch.optim's update rule\n", e.model().train().optimizer());
        e.rule().prologue(b, e.p(), n);
        for (Node.Param param : e.model().paramNodes()) {
            Shape sh = Loops.flat(param.shape());
            b.add("// $L\n", param.name());
            if (e.schedule().updatedByRows(param)) {
                b.addStatement("$L($L, $L, 1)", m.method(Method.split), m.task(param, "Update"), param.shape().rows());
                updateRowsMethod(type, stages, param);
                continue;
            }
            boolean block = sh.size() == 1; // no loop to scope the locals: give them a block of their own
            if (block) {
                b.add("{\n").indent();
            }
            Loops.forEach(b, s, sh, (i, j) -> String.join(";\n", e.rule().element(target(param, ElementExpressions.index(sh, i, j)),
                    e.p(), n)));
            if (block) {
                b.unindent().add("}\n");
            }
        }
        flushState(b);
        type.addMethod(MethodSpec.methodBuilder("applyGradients").addAnnotation(Types.OVERRIDE).addModifiers(Modifier.PUBLIC)
                .addJavadoc("Applies the optimizer to every parameter, element by element, from the gradient buffers.\n")
                .addCode(b.build()).build());
    }

    /**
     * Every {@code FLUSH_STEPS} steps, the optimizer state's subnormal numbers become 0, as on a CPU
     * that flushes them (the rows of large weights in their update tasks, {@link #updateRowsMethod}).
     */
    private void flushState(CodeBlock.Builder b) {
        if (e.rule().state().isEmpty()) {
            return;
        }
        b.add("// every FLUSH_STEPS steps, state below the smallest normal number becomes 0 (flush-to-zero, as XLA does):\n"
                + "// no CPU computes on subnormals for long\n");
        b.beginControlFlow("if ($L % FLUSH_STEPS == 0)", m.field(Field.step));
        for (Node.Param param : e.model().paramNodes()) {
            if (e.schedule().updatedByRows(param)) {
                continue;
            }
            for (String st : e.rule().state()) {
                String field = m.state(param, st);
                if (param.shape().isScalar()) {
                    b.addStatement("$L = flush($L)", field, field);
                } else {
                    b.addStatement("flushSubnormals($L)", field);
                }
            }
        }
        b.endControlFlow();
    }

    /** The identifiers of the names an update rule uses: the trainer's fields, else locals of the method. */
    private UnaryOperator<String> names(Names.Scope s) {
        return name -> switch (name) {
            case "step" -> m.field(Field.step);
            case "lr" -> m.field(Field.lr);
            default -> e.rule().scalars().contains(name) ? m.scalar(name) : s.get(name);
        };
    }

    private UpdateRule.Target target(Node.Param param, String ix) {
        return new UpdateRule.Target(m.of(param), m.grad(param), suffix -> m.state(param, suffix), ix);
    }

    /** The optimizer step for rows {@code from} to {@code to - 1} of a large weight. */
    private void updateRowsMethod(TypeSpec.Builder type, StageEmitter stages, Node.Param param) {
        Names.Scope s = m.scope();
        int cols = param.shape().cols();
        String k = s.get("k");
        CodeBlock.Builder b = CodeBlock.builder();
        Loops.open(b, k, ElementExpressions.times(s.get("from"), cols), ElementExpressions.times(s.get("to"), cols));
        for (String line : e.rule().element(target(param, "[" + k + "]"), e.p(), names(s))) {
            b.addStatement("$L", line);
        }
        b.endControlFlow();
        if (!e.rule().state().isEmpty()) {
            b.beginControlFlow("if ($L % FLUSH_STEPS == 0)", m.field(Field.step));
            for (String st : e.rule().state()) {
                b.addStatement("flushSubnormals($L, $L, $L)", m.state(param, st), ElementExpressions.times(s.get("from"), cols),
                        ElementExpressions.times(s.get("to"), cols));
            }
            b.endControlFlow();
        }
        String name = m.method(param, "Update");
        type.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
                .addJavadoc("The optimizer step for rows from..to-1 of $L.\n", param.name())
                .addParameter(TypeName.INT, s.get("from")).addParameter(TypeName.INT, s.get("to")).addCode(b.build()).build());
        stages.task(type, m.task(param, "Update"), name);
    }
}
