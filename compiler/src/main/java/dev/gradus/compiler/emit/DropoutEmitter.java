package dev.gradus.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.gradus.compiler.emit.Members.Field;
import javax.lang.model.element.Modifier;

/**
 * The members of a trainer whose model calls dropout (none otherwise): its training mode (as
 * PyTorch's {@code train()} and {@code eval()}), the seed it was initialized with, and the two fields
 * a step's element expressions read, whether masks apply and the step's key
 * ({@code Fn.dropoutKey(seed, step)}). Only {@code lossAndGradient} (and so {@code step} and
 * {@code gradientSum}) in training mode applies masks; {@code loss} and {@code predict} never do.
 */
final class DropoutEmitter {
    private final Emission e;
    private final Members m;

    DropoutEmitter(Emission e) {
        this.e = e;
        this.m = e.members();
    }

    void fields(TypeSpec.Builder type) {
        if (!e.plan().usesDropout()) {
            return;
        }
        type.addField(FieldSpec.builder(TypeName.BOOLEAN, m.field(Field.trainingMode), Modifier.PRIVATE)
                .addJavadoc("Training mode: whether {@code lossAndGradient} applies dropout's masks.\n").initializer("true").build());
        type.addField(FieldSpec.builder(TypeName.BOOLEAN, m.field(Field.dropping), Modifier.PRIVATE)
                .addJavadoc("Whether the pass being computed applies dropout's masks.\n").build());
        type.addField(FieldSpec.builder(TypeName.LONG, m.field(Field.maskSeed), Modifier.PRIVATE)
                .addJavadoc("The seed of the last {@code initialize}: with the step count, it draws the masks.\n").build());
        type.addField(FieldSpec.builder(TypeName.LONG, m.field(Field.maskKey), Modifier.PRIVATE)
                .addJavadoc("The masks' key for this step: {@code dropoutKey(seed, step)}.\n").build());
    }

    void methods(TypeSpec.Builder type) {
        if (!e.plan().usesDropout()) {
            return;
        }
        String on = m.scope().get("on");
        type.addMethod(MethodSpec.methodBuilder("training").addAnnotation(Types.OVERRIDE).addModifiers(Modifier.PUBLIC)
                .addParameter(TypeName.BOOLEAN, on).addStatement("this.$L = $L", m.field(Field.trainingMode), on).build());
        type.addMethod(MethodSpec.methodBuilder("training").addAnnotation(Types.OVERRIDE).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN).addStatement("return $L", m.field(Field.trainingMode)).build());
    }

    /** In {@code initialize(seed)}: the masks' seed. */
    void seed(CodeBlock.Builder b, String seed) {
        if (e.plan().usesDropout()) {
            b.addStatement("$L = $L", m.field(Field.maskSeed), seed);
        }
    }

    /** Before a forward pass: masks only for a gradient in training mode, keyed by the seed and the step count. */
    void beforeForward(MethodSpec.Builder b, boolean gradient) {
        if (!e.plan().usesDropout()) {
            return;
        }
        if (gradient) {
            b.addStatement("$L = $L", m.field(Field.dropping), m.field(Field.trainingMode))
                    .addStatement("$L = dropoutKey($L, $L)", m.field(Field.maskKey), m.field(Field.maskSeed), m.field(Field.step));
        } else {
            b.addStatement("$L = false", m.field(Field.dropping));
        }
    }
}
