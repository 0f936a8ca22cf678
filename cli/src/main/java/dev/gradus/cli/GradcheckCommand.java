package dev.gradus.cli;

import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Rng;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = "Compare the generated backward pass with central finite differences, in double precision, on random "
                + "parameters and examples: an element passes when |backward - numeric| <= atol + rtol * |numeric|.")
final class GradcheckCommand implements Callable<Integer> {
    private static final int EXAMPLES = 3;

    @Parameters(paramLabel = "FILE.net", description = "the model file")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "the model to check, if the file has several")
    String model;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "seed of the random parameters and examples (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--atol", paramLabel = "X", defaultValue = "1e-5", description = "absolute tolerance (default ${DEFAULT-VALUE})")
    double atol;

    @Option(names = "--rtol", paramLabel = "X", defaultValue = "1e-3", description = "relative tolerance (default ${DEFAULT-VALUE})")
    double rtol;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        tolerance("--atol", atol);
        tolerance("--rtol", rtol);
        CheckedModel m = Models.choose(file, model);
        Trainer trainer = Trainers.compile(m, Precision.DOUBLE, EXAMPLES);
        Rng rng = new Rng(seed);
        DataSet data = DataSet.random(trainer.inputs(), trainer.targets(), EXAMPLES, rng);
        for (TensorSpec p : trainer.parameters()) {
            double[] v = new double[p.size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = rng.uniform(-1, 1);
            }
            trainer.setParameter(p.name(), v);
        }
        String notFinite = notFinite(m, trainer, data);
        if (notFinite != null) { // NaN against NaN would blame the backward pass for the loss's own domain
            throw new CliException(file + ": the loss is not finite at the random parameters and examples (--seed " + seed + "), so"
                    + " there is no derivative to compare: " + notFinite + "; try another --seed");
        }
        List<Gradcheck.Result> results = Gradcheck.check(trainer, data, EXAMPLES, atol, rtol);
        spec.commandLine().getOut().print(Gradcheck.report(results, atol, rtol));
        if (Gradcheck.ok(results)) {
            return 0;
        }
        // The table went to standard output; a script that keeps only standard error still learns why it failed.
        spec.commandLine().getErr().println("gradus: error: " + file + ": the backward pass differs from finite differences for "
                + String.join(", ", results.stream().filter(r -> !r.ok()).map(r -> r.param().name()).toList()));
        return 1;
    }

    /** Null if the loss is finite at every example; else what explain says of the first example where it is not. */
    private static String notFinite(CheckedModel m, Trainer trainer, DataSet data) {
        for (int e = 0; e < EXAMPLES; e++) {
            if (Double.isFinite(trainer.loss(data, null, e, 1))) {
                continue;
            }
            java.util.Map<String, double[]> at = new java.util.LinkedHashMap<>();
            for (TensorSpec f : concat(trainer.inputs(), trainer.targets())) {
                at.put(f.name(), java.util.Arrays.copyOfRange(data.values(f.name()), e * f.size(), (e + 1) * f.size()));
            }
            for (TensorSpec p : trainer.parameters()) {
                double[] v = new double[p.size()];
                trainer.getParameter(p.name(), v);
                at.put(p.name(), v);
            }
            String why = dev.gradus.compiler.print.Explainer.notFinite(m, at);
            return "example " + e + (why != null ? ": " + why : "");
        }
        return null;
    }

    private static List<TensorSpec> concat(List<TensorSpec> a, List<TensorSpec> b) {
        List<TensorSpec> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A tolerance is a finite number >= 0 ({@code 1e400} reads as infinity, which would pass anything). */
    private void tolerance(String option, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be a finite number >= 0, found " + v);
        }
    }
}
