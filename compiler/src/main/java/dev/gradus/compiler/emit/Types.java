package dev.gradus.compiler.emit;

import com.palantir.javapoet.ClassName;
import java.util.List;

/**
 * Every type generated code names, in one place: the emitter refers to them with {@code $T}, and
 * {@link Members} reserves their simple names (and their packages' first segments), so no field,
 * method or local of a model can hide one.
 */
final class Types {
    private Types() {}

    private static final String RUNTIME = "dev.gradus.runtime";
    static final ClassName TRAINER = ClassName.get(RUNTIME, "Trainer");
    static final ClassName DATA_SET = ClassName.get(RUNTIME, "DataSet");
    static final ClassName TENSOR_SPEC = ClassName.get(RUNTIME, "TensorSpec");
    static final ClassName RNG = ClassName.get(RUNTIME, "Rng");
    static final ClassName FN = ClassName.get(RUNTIME, "Fn");
    static final ClassName WORKERS = ClassName.get(RUNTIME, "Workers");
    static final ClassName WORKERS_RANGE = ClassName.get(RUNTIME, "Workers", "Range");
    static final ClassName WORKERS_THREAD_RANGE = ClassName.get(RUNTIME, "Workers", "ThreadRange");
    static final ClassName SPLIT_CHOOSER = ClassName.get(RUNTIME, "SplitChooser");
    static final ClassName TRAINING_LISTENER = ClassName.get(RUNTIME, "TrainingListener");
    static final ClassName VERSION = ClassName.get(RUNTIME, "Version");
    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
    static final ClassName KERNELS = ClassName.get(RUNTIME + ".kernel", "Kernels");
    static final ClassName ACTIVATION = ClassName.get(RUNTIME + ".kernel", "Activation");
    static final ClassName CONV = ClassName.get(RUNTIME + ".layers", "Conv");
    static final ClassName POOL = ClassName.get(RUNTIME + ".layers", "Pool");
    static final ClassName MATH = ClassName.get(Math.class);
    static final ClassName LIST = ClassName.get(List.class);
    static final ClassName STRING = ClassName.get(String.class);
    static final ClassName SYSTEM = ClassName.get(System.class);
    static final ClassName OVERRIDE = ClassName.get(Override.class);
    static final ClassName ILLEGAL_ARGUMENT = ClassName.get(IllegalArgumentException.class);
    static final ClassName UNSUPPORTED = ClassName.get(UnsupportedOperationException.class);

    static final List<ClassName> ALL = List.of(TRAINER, DATA_SET, TENSOR_SPEC, RNG, FN, WORKERS, WORKERS_RANGE, WORKERS_THREAD_RANGE, SPLIT_CHOOSER,
            TRAINING_LISTENER, VERSION, GENERATED, KERNELS, ACTIVATION, CONV, POOL, MATH, LIST, STRING, SYSTEM, OVERRIDE, ILLEGAL_ARGUMENT, UNSUPPORTED);
}
