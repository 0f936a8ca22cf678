package dev.gradus.compiler.emit;

import com.palantir.javapoet.ClassName;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Init;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.lower.Names;
import dev.gradus.compiler.lower.Schedule;
import dev.gradus.compiler.lower.Stage;
import dev.gradus.runtime.Fn;
import dev.gradus.runtime.Trainer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of a generated class's fields and methods, all allocated up front, in a fixed order:
 * what generated code relies on is reserved first, then the model's own names (so parameters,
 * inputs and values keep the names the user gave them), then the buffers the lowering added, then
 * the emitter's own members. References go through here; nothing is joined from strings elsewhere.
 */
final class Members {
    /** The emitter's own fields. */
    enum Field {
        PARAMETERS, INPUTS, TARGETS, KERNELS, maxBatch, workers, batchSize, splitChoice, splitRows, lr, step, trainingMode, dropping, maskSeed, maskKey,
        layerScratch, poolIndex, poolMax, backwardPass, EXP_KERNELS, loadOrder, loadFrom
    }

    /** The emitter's own private methods (public ones implement {@link Trainer} and keep its names). */
    enum Method {
        loadInputs, loadExamples, loadTargets, computeOutput, outputExamples, forward, lossExamples, meanLoss, backward,
        backwardExamples, split
    }

    private record Grad(Node.Param p) {}

    private record State(Node.Param p, String suffix) {}

    private record Copy(Node.Param p) {}

    /** A weight gradient's input x, packed for the kernels ({@link Schedule#packedInputs}). */
    private record PackedInput(Node.Param p) {}

    /** The rows a product shared by outputs reads in every call (x, or g of an input gradient), packed for the kernels. */
    private record PackedRows(Node.Apply product) {}

    private record Initial(Node.Param p) {}

    /** The data set's array of an input field, held for the threads that copy a batch in ({@link Schedule#loadsInParallel}). */
    private record LoadValues(Node.Input in) {}

    private record Scalar(String name) {}

    private record Task(Object method) {}

    private record Rows(Node.Param p, String what) {}

    private record RowPass(Node.Param p) {}

    private record Argmax(Node pool) {}

    /** A float trainer's working array for a node's exps on the kernels ({@link ExpEmitter}). */
    private record Exps(Node n) {}

    /** The per-example method of a part's stage after its first ({@code index} counts its stages of examples from 0). */
    private record StageKey(Method part, int index) {}

    /** A product split by output rows: {@code "Rows"} (rows of the whole batch) or {@code "Examples"} (all rows of examples). */
    private record Product(Node.Apply product, String what) {}

    private final Names names = new Names();

    Members(CheckedModel model, Schedule schedule, UpdateRule rule, Precision precision) {
        for (ClassName t : Types.ALL) {
            names.reserveField(t.simpleName());
            names.reserveField(t.packageName().split("\\.")[0]);
        }
        names.reserveField(model.name());
        names.reserveMethodsOf(Trainer.class);
        names.reserveMethodsOf(Fn.class);
        for (Node.Param p : model.paramNodes()) {
            names.field(p.name(), p);
        }
        for (Node.Input in : model.fields()) {
            names.field(in.name(), in);
        }
        var plan = schedule.plan();
        List<Node> buffers = new ArrayList<>(plan.outputPart());
        buffers.addAll(plan.lossPart());
        buffers.addAll(plan.backwardPart());
        for (Node n : buffers) { // the model's named values first, then the names the lowering made up
            if (model.values().containsValue(n)) {
                names.field(plan.name(n), n);
            }
        }
        for (Node n : buffers) {
            names.field(plan.name(n), n);
        }
        for (Node.Param p : model.paramNodes()) {
            names.field(plan.gradientName(p), new Grad(p));
        }
        for (Node pool : schedule.maxPools()) {
            names.field(plan.name(pool) + "_argmax", new Argmax(pool));
        }
        if (precision == Precision.FLOAT) {
            for (Node n : schedule.kernelExps()) {
                names.field(plan.name(n) + "_exps", new Exps(n));
            }
        }
        for (Node.Param p : model.paramNodes()) {
            for (String s : rule.state()) {
                names.field(p.name() + "_" + s, new State(p, s));
            }
        }
        for (Node.Param p : model.paramNodes()) {
            if (schedule.tracksRows(p)) {
                names.field(p.name() + "_rowPass", new RowPass(p));
            }
        }
        for (Node.Param w : schedule.transposed()) {
            names.field(w.name() + "_t", new Copy(w));
        }
        for (Node.Param w : schedule.kernelTransposed()) {
            names.field(w.name() + "_t", new Copy(w));
        }
        for (Node.Param w : schedule.packedInputs()) {
            // Named after the gradient that reads them, as a product's packed rows are (dW1_packed beside W1x_packed).
            names.field("d" + w.name() + "_packed", new PackedInput(w));
            names.method("d" + w.name() + "Pack", new Rows(w, "Pack"));
            names.field("d" + w.name() + "PackTask", new Task(new Rows(w, "Pack")));
        }
        for (CheckedModel.Parameter param : model.params()) {
            if (param.init().kind() == Init.Kind.LITERAL) {
                names.field("INITIAL_" + param.name(), new Initial(param.node()));
            }
        }
        if (schedule.loadsInParallel()) {
            for (Node.Input in : model.inputs()) {
                names.field(in.name() + "Values", new LoadValues(in));
            }
        }
        for (Field f : Field.values()) {
            names.field(f.name(), f);
        }
        for (String s : rule.scalars()) {
            names.field(s, new Scalar(s));
        }
        for (Method m : Method.values()) {
            names.method(m.name(), m);
            names.field(m.name() + "Task", new Task(m));
        }
        Map<Method, List<Node>> parts = Map.of(Method.outputExamples, plan.outputPart(), Method.lossExamples, plan.lossPart(),
                Method.backwardExamples, plan.backwardPart());
        for (Method part : List.of(Method.outputExamples, Method.lossExamples, Method.backwardExamples)) {
            int index = 0;
            for (Stage stage : schedule.stages(parts.get(part))) {
                if (stage instanceof Stage.Examples ex) {
                    if (index > 0) {
                        names.method(part.name() + (index + 1), new StageKey(part, index));
                        names.field(part.name() + (index + 1) + "Task", new Task(new StageKey(part, index)));
                    }
                    index++;
                } else if (stage instanceof Stage.OutputRows rows) {
                    for (String what : List.of("Rows", "Examples", "Pack")) {
                        names.method(plan.name(rows.product()) + what, new Product(rows.product(), what));
                        names.field(plan.name(rows.product()) + what + "Task", new Task(new Product(rows.product(), what)));
                    }
                    names.field(plan.name(rows.product()) + "_packed", new PackedRows(rows.product()));
                }
            }
        }
        for (Node.Param p : model.paramNodes()) {
            for (String what : List.of("Rows", "Update", "Transpose")) {
                String base = (what.equals("Rows") ? "d" : "") + p.name() + what;
                names.method(base, new Rows(p, what));
                names.field(base + "Task", new Task(new Rows(p, what)));
            }
        }
    }

    /** The field of a parameter, an input or target, or a buffer. */
    String of(Node n) {
        return names.field(n);
    }

    Map<Node, String> nodeNames(Iterable<Node> nodes) {
        Map<Node, String> m = new HashMap<>();
        for (Node n : nodes) {
            if (names.hasField(n)) {
                m.put(n, names.field(n));
            }
        }
        return m;
    }

    String grad(Node.Param p) {
        return names.field(new Grad(p));
    }

    String state(Node.Param p, String suffix) {
        return names.field(new State(p, suffix));
    }

    /** For each row of an embedding table, the backward pass that last used it ({@link Schedule#tracksRows}). */
    String rowPass(Node.Param p) {
        return names.field(new RowPass(p));
    }

    /** Where a float trainer computes node n's exps, per example: {@code tanh_exps}. */
    String exps(Node n) {
        return names.field(new Exps(n));
    }

    /** Where a forward max pooling's window maxima are, per example: {@code p1_argmax}. */
    String argmax(Node pool) {
        return names.field(new Argmax(pool));
    }

    String copy(Node.Param w) {
        return names.field(new Copy(w));
    }

    /** The rows every call of a product shared by outputs reads, packed for the kernels once a batch: {@code W1x_packed}. */
    String packedRows(Node.Apply product) {
        return names.field(new PackedRows(product));
    }

    /** The input of {@code w}'s gradient {@code gᵀ x}, packed for the kernels once a batch: {@code dW1_packed}. */
    String packedInput(Node.Param w) {
        return names.field(new PackedInput(w));
    }

    /** The field holding the data set's values of input {@code in} while the threads copy a batch in: {@code xValues}. */
    String loadValues(Node.Input in) {
        return names.field(new LoadValues(in));
    }

    String initial(Node.Param p) {
        return names.field(new Initial(p));
    }

    String field(Field f) {
        return names.field(f);
    }

    String scalar(String s) {
        return names.field(new Scalar(s));
    }

    String method(Method m) {
        return names.method(m);
    }

    /** The field holding {@code this::method} for the worker threads. */
    String task(Method m) {
        return names.field(new Task(m));
    }

    /**
     * A per-parameter method: {@code "Rows"} (gradient rows), {@code "Update"} (update rows), {@code "Transpose"}, or
     * {@code "Pack"} (examples of its gradient's packed input).
     */
    String method(Node.Param p, String what) {
        return names.method(new Rows(p, what));
    }

    String task(Node.Param p, String what) {
        return names.field(new Task(new Rows(p, what)));
    }

    /** The per-example method of a part's stage of examples {@code index} (0: the part's own). */
    String method(Method part, int index) {
        return index == 0 ? names.method(part) : names.method(new StageKey(part, index));
    }

    String task(Method part, int index) {
        return names.field(new Task(index == 0 ? part : new StageKey(part, index)));
    }

    /** A product split by output rows: its {@code "Rows"}, {@code "Examples"} or {@code "Pack"} method. */
    String method(Node.Apply product, String what) {
        return names.method(new Product(product, what));
    }

    String task(Node.Apply product, String what) {
        return names.field(new Task(new Product(product, what)));
    }

    /** A fresh scope for one method body. */
    Names.Scope scope() {
        return names.scope();
    }
}
