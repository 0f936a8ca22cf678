package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.JavaFile;
import dev.gradus.compiler.diag.CompileException;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Rng;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every model that checks compiles: random well-typed models ({@link ModelGenerator}), named with
 * what could collide in Java, each checked, compiled in both precisions with {@code -Xlint:all
 * -Werror}, held against the reference evaluator and against finite differences. A few hundred run
 * in {@code mvn verify}; {@code -Dgradus.generator.models=5000} runs more, {@code -Dgradus.generator.seed}
 * another sequence. A failure prints the model, ready to keep as a regression case.
 */
class ModelGeneratorTest {
    private static final int MODELS = Integer.getInteger("gradus.generator.models", 200);
    private static final long SEED = Long.getLong("gradus.generator.seed", 1);
    private static final int CHUNK = 40;

    @Test
    void everyGeneratedModelChecksCompilesMatchesTheEvaluatorAndGradchecks() {
        for (int start = 0; start < MODELS; start += CHUNK) {
            List<String> sources = new ArrayList<>();
            List<CheckedModel> models = new ArrayList<>();
            List<JavaFile> files = new ArrayList<>();
            for (int k = start; k < Math.min(MODELS, start + CHUNK); k++) {
                String source = ModelGenerator.generate(SEED * 1_000_003L + k);
                CheckedModel model;
                try {
                    model = Frontend.check(new Source("generated" + k + ".net", source)).get(0);
                } catch (CompileException e) {
                    throw new AssertionError("a generated model does not check:\n" + source + "\n" + e.getMessage(), e);
                }
                sources.add(source);
                models.add(model);
                files.add(Compiler.emit(model, "gen.m" + k + ".exact", Precision.DOUBLE));
                files.add(Compiler.emit(model, "gen.m" + k + ".single", Precision.FLOAT));
            }
            ClassLoader loader;
            try {
                loader = BatchCompiler.compile(files);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nmodels " + start + ".." + (start + models.size() - 1) + ":\n"
                        + String.join("\n", sources), e);
            }
            for (int m = 0; m < models.size(); m++) {
                int k = start + m;
                String source = sources.get(m);
                try {
                    Trainer exact = load(loader, files.get(2 * m));
                    EmitterOracleTest.check(models.get(m), exact, "model " + k, exact.maxBatch(), k);
                    gradcheck(exact);
                    Trainer single = load(loader, files.get(2 * m + 1));
                    DataSet data = DataSet.random(single.inputs(), single.targets(), single.maxBatch(), new Rng(k));
                    assertThat(single.step(data, null, 0, single.maxBatch())).isFinite();
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError("generated model " + k + " failed:\n" + source + "\n" + e.getMessage(), e);
                }
            }
        }
    }

    private static Trainer load(ClassLoader loader, JavaFile file) {
        String name = file.packageName() + "." + file.typeSpec().name();
        try {
            return (Trainer) loader.loadClass(name).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + name, e);
        }
    }

    /** Each gradient element against central differences of the trainer's own loss (kinks excepted). */
    static void gradcheck(Trainer t) {
        DataSet data = DataSet.random(t.inputs(), t.targets(), t.maxBatch(), new Rng(7));
        int n = t.maxBatch();
        t.lossAndGradient(data, null, 0, n);
        for (TensorSpec p : t.parameters()) {
            double[] grad = new double[p.size()];
            t.getGradient(p.name(), grad);
            double[] v = new double[p.size()];
            t.getParameter(p.name(), v);
            for (int k = 0; k < v.length; k++) {
                double fd = difference(t, data, p.name(), v, k, 1e-5);
                if (Math.abs(fd - grad[k]) <= 1e-5 + 1e-4 * Math.abs(grad[k])) {
                    continue;
                }
                double finer = difference(t, data, p.name(), v, k, 1e-7);
                boolean kink = Math.abs(finer - fd) > 1e-3 * (1 + Math.abs(fd)); // not smooth here: no derivative to check
                assertThat(kink || Math.abs(finer - grad[k]) <= 1e-4 + 1e-3 * Math.abs(grad[k]))
                        .as("d%s[%d]: backward %s, finite differences %s", p.name(), k, grad[k], fd).isTrue();
            }
        }
    }

    private static double difference(Trainer t, DataSet data, String name, double[] v, int k, double h) {
        double at = v[k];
        v[k] = at + h;
        t.setParameter(name, v);
        double up = t.loss(data, null, 0, t.maxBatch());
        v[k] = at - h;
        t.setParameter(name, v);
        double down = t.loss(data, null, 0, t.maxBatch());
        v[k] = at;
        t.setParameter(name, v);
        return (up - down) / (2 * h);
    }
}
