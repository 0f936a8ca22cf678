package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.Compiler;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Rng;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gradcheck's combined test catches a wrong derivative rule. The hook: the generated trainer's
 * source is altered as a buggy rule would write it (tanh's derivative 1 - h² written 1 + h²),
 * compiled here, and handed to {@link Gradcheck} like any trainer; no compiler code changes.
 */
class GradcheckTest {

    @Test
    void aWrongTanhDerivativeIsCaughtAndLocated(@TempDir Path tmp) throws Exception {
        CheckedModel model = Models.choose(Tools.example("xor_mlp"), null);
        String source = Compiler.emit(model, "gradus.altered", Precision.DOUBLE).toString();
        // tanh's derivative, 1 - h², as the emitter writes it in double precision (wherever it indexes h).
        String rule = "(1.0 - square(h[";
        assertThat(source).as("the generated tanh derivative this test alters").contains(rule);
        Trainer right = load(tmp.resolve("right"), source);
        Trainer wrong = load(tmp.resolve("wrong"), source.replace(rule, "(1.0 + square(h["));

        List<Gradcheck.Result> good = check(right);
        assertThat(Gradcheck.ok(good)).as(Gradcheck.report(good, Gradcheck.ATOL, Gradcheck.RTOL)).isTrue();

        List<Gradcheck.Result> bad = check(wrong);
        String report = Gradcheck.report(bad, Gradcheck.ATOL, Gradcheck.RTOL);
        assertThat(Gradcheck.ok(bad)).isFalse();
        // W1 and b1 sit below the tanh, so their gradients go wrong; W2 and b2 above it stay right.
        assertThat(bad).extracting(r -> r.param().name() + ":" + r.ok())
                .containsExactly("W1:false", "b1:false", "W2:true", "b2:true");
        assertThat(report).contains("gradients differ").contains("W1[").contains("backward ").contains("finite differences ");
    }

    @Test
    void dropoutIsTheIdentityInAGradientCheckAndTheTrainingModeIsRestored() {
        CheckedModel model = Models.choose(Tools.example("dropout_classifier"), null);
        Trainer trainer = Trainers.compile(model, Precision.DOUBLE, 3);
        DataSet data = DataSet.random(trainer.inputs(), trainer.targets(), 3, new Rng(1));
        List<Gradcheck.Result> results = Gradcheck.check(trainer, data, 3, Gradcheck.ATOL, Gradcheck.RTOL);
        assertThat(Gradcheck.ok(results)).as(Gradcheck.report(results, Gradcheck.ATOL, Gradcheck.RTOL)).isTrue();
        assertThat(trainer.training()).isTrue();
        // in training mode the backward pass goes through the masks, which finite differences of loss() do not see
        double[] masked = new double[trainer.parameterSize()];
        trainer.lossAndGradient(data, null, 0, 3);
        trainer.getGradients(masked);
        double[] identity = new double[trainer.parameterSize()];
        trainer.training(false);
        trainer.lossAndGradient(data, null, 0, 3);
        trainer.getGradients(identity);
        assertThat(masked).isNotEqualTo(identity);
    }

    @Test
    void aSmallGradientWithAnErrorAboveItsToleranceFails() {
        CheckedModel model = Models.choose(Tools.example("linear"), null);
        Trainer trainer = Trainers.compile(model, Precision.DOUBLE, 3);
        DataSet data = DataSet.random(trainer.inputs(), trainer.targets(), 3, new Rng(1));
        // A gradient error of 5e-6 on one element: the old test zeroed every difference below 1e-8 and
        // divided by |a| + |b|; here it must fail with atol 1e-7 and pass with the defaults.
        Trainer off = offBy(trainer, 5e-6);
        assertThat(Gradcheck.ok(Gradcheck.check(off, data, 3, 1e-7, 1e-7))).isFalse();
        assertThat(Gradcheck.ok(Gradcheck.check(off, data, 3, Gradcheck.ATOL, Gradcheck.RTOL))).isTrue();
    }

    @Test
    void theCommandReportsWorstErrorsWithTheirElementAndTakesTolerances() {
        Tools.Result r = Tools.gradus("gradcheck", Tools.example("xor_mlp").toString(), "--atol", "1e-6", "--rtol", "1e-4");
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("worst absolute error").contains("worst relative error").containsPattern("W1 +\\[8, 2\\] +\\S+ at W1\\[\\d, \\d\\]")
                .contains("gradients match").contains("1e-06 + 1e-04");
        Tools.Result strict = Tools.gradus("gradcheck", Tools.example("xor_mlp").toString(), "--atol", "0", "--rtol", "0");
        assertThat(strict.status()).isEqualTo(1);
        assertThat(strict.out()).contains("gradients differ").contains("FAILED");
        assertThat(strict.err()).startsWith("gradus: error: ").contains("xor_mlp.net").contains("finite differences for ").contains("W1");
        assertThat(Tools.gradus("gradcheck", Tools.example("xor_mlp").toString(), "--atol", "-1").status()).isEqualTo(2);
    }

    /** A loss that is NaN at the random point is the model's domain, not the backward pass: said so, not "FAILED" for w. */
    @Test
    void aLossThatIsNotFiniteAtTheRandomPointIsNamedNotBlamedOnTheBackwardPass() {
        java.nio.file.Path model = Tools.ROOT.resolve("cli/src/test/resources/models/log_of_negative.net");
        Tools.Result r = Tools.gradus("gradcheck", model.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).doesNotContain("FAILED");
        assertThat(r.err()).startsWith("gradus: error: " + model + ": the loss is not finite at the random parameters and examples"
                + " (--seed 0), so there is no derivative to compare: example ").contains("h = log(w * x) is NaN").endsWith("; try another --seed\n");
    }

    @Test
    void theDigitsCnnsConvolutionAndPoolingGradientsMatchFiniteDifferences() {
        Tools.Result r = Tools.gradus("gradcheck", Tools.example("digits_cnn").toString());
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("gradients match").containsPattern("K2 +\\[32, 16, 3, 3\\] +\\S+ at K2\\[\\d+, \\d+, \\d, \\d\\]");
    }

    private static List<Gradcheck.Result> check(Trainer trainer) {
        Rng rng = new Rng(0);
        DataSet data = DataSet.random(trainer.inputs(), trainer.targets(), 3, rng);
        for (TensorSpec p : trainer.parameters()) {
            double[] v = new double[p.size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = rng.uniform(-1, 1);
            }
            trainer.setParameter(p.name(), v);
        }
        return Gradcheck.check(trainer, data, 3, Gradcheck.ATOL, Gradcheck.RTOL);
    }

    /** A trainer whose reported gradient of its first parameter's first element is off by {@code delta}. */
    private static Trainer offBy(Trainer t, double delta) {
        return (Trainer) java.lang.reflect.Proxy.newProxyInstance(Trainer.class.getClassLoader(), new Class<?>[] {Trainer.class},
                (proxy, method, args) -> {
                    Object result = method.invoke(t, args);
                    if (method.getName().equals("getGradient") && args[0].equals(t.parameters().get(0).name())) {
                        ((double[]) args[1])[0] += delta;
                    }
                    return result;
                });
    }

    private static Trainer load(Path dir, String source) throws Exception {
        Path src = dir.resolve("gradus/altered/XorMlp.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-classpath", System.getProperty("java.class.path"), "-proc:none", "-nowarn",
                "-d", dir.toString(), src.toString());
        assertThat(status).isZero();
        URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, GradcheckTest.class.getClassLoader());
        return (Trainer) loader.loadClass("gradus.altered.XorMlp").getConstructor(int.class).newInstance(3);
    }
}
