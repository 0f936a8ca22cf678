package dev.gradus.cli;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Rng;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "gradcheck", mixinStandardHelpOptions = true, description = "Compare the generated backward pass with central finite differences, in double precision.")
final class GradcheckCommand implements Callable<Integer> {
    static final double TOLERANCE = 1e-5;
    private static final int EXAMPLES = 3;

    @Parameters(paramLabel = "FILE.net", description = "the model file")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "the model to check, if the file has several")
    String model;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "seed for the random parameters and inputs (default: 0)")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
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
        trainer.lossAndGradient(data, null, 0, EXAMPLES);
        var out = spec.commandLine().getOut();
        double worstAll = 0;
        for (TensorSpec p : trainer.parameters()) {
            double[] g = new double[p.size()];
            double[] v = new double[p.size()];
            trainer.getGradient(p.name(), g);
            trainer.getParameter(p.name(), v);
            double worst = 0;
            for (int k = 0; k < v.length; k++) {
                double h = 1e-6 * Math.max(1, Math.abs(v[k]));
                double keep = v[k];
                v[k] = keep + h;
                trainer.setParameter(p.name(), v);
                double plus = trainer.loss(data, null, 0, EXAMPLES);
                v[k] = keep - h;
                trainer.setParameter(p.name(), v);
                double minus = trainer.loss(data, null, 0, EXAMPLES);
                v[k] = keep;
                trainer.setParameter(p.name(), v);
                double fd = (plus - minus) / (2 * h);
                // Relative error, except where both are zero up to the differences' own rounding.
                double diff = Math.abs(fd - g[k]);
                double error = diff <= 1e-8 ? 0 : diff / (Math.abs(fd) + Math.abs(g[k]));
                worst = Math.max(worst, error);
            }
            worstAll = Math.max(worstAll, worst);
            out.printf(Locale.ROOT, "%-12s %-10s worst relative error %.2e %s%n", p.name(), p.shapeText(), worst,
                    worst <= TOLERANCE ? "ok" : "FAILED");
        }
        out.printf(Locale.ROOT, "%s (tolerance %.0e)%n", worstAll <= TOLERANCE ? "gradients match" : "gradients differ", TOLERANCE);
        return worstAll <= TOLERANCE ? 0 : 1;
    }
}
