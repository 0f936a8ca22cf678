package dev.gradus.compiler;

import com.palantir.javapoet.JavaFile;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.emit.TrainerEmitter;
import dev.gradus.compiler.lower.Plan;
import dev.gradus.compiler.lower.Schedule;
import java.util.ArrayList;
import java.util.List;

/** The whole pipeline: parse, check, differentiate (simplifying as it builds), lower, emit. */
public final class Compiler {
    private Compiler() {}

    /** One generated trainer per model of the file; throws {@link dev.gradus.compiler.diag.CompileException}. */
    public static List<JavaFile> compile(Source source, String packageName, Precision precision) {
        return compile(source, packageName, precision, GeneratedAnnotation.JDK);
    }

    /** As {@link #compile(Source, String, Precision)}, with or without the JDK's {@code @Generated}. */
    public static List<JavaFile> compile(Source source, String packageName, Precision precision, GeneratedAnnotation annotation) {
        List<JavaFile> files = new ArrayList<>();
        for (CheckedModel model : Frontend.check(source)) {
            files.add(emit(model, packageName, precision, annotation));
        }
        return files;
    }

    /** The trainer of one model, annotated with the JDK's {@code @Generated}. */
    public static JavaFile emit(CheckedModel model, String packageName, Precision precision) {
        return emit(model, packageName, precision, GeneratedAnnotation.JDK);
    }

    /** The trainer of one model, with or without the JDK's {@code @Generated} (see {@link GeneratedAnnotation}). */
    public static JavaFile emit(CheckedModel model, String packageName, Precision precision, GeneratedAnnotation annotation) {
        Plan plan = new Plan(model, ModelGradients.of(model));
        String sourceName = java.nio.file.Path.of(model.source().name()).getFileName().toString();
        return TrainerEmitter.emit(new Schedule(plan), packageName, precision, sourceName, annotation == GeneratedAnnotation.JDK);
    }
}
