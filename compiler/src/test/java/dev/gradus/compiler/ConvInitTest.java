package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.eval.Tensor;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Init;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.print.TensorText;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Conv kernels get PyTorch's default initialization; rank-3/4 tensors have their CSV columns and their printed form. */
class ConvInitTest {

    private static final String MODEL = """
            model C {
                input x[2, 5, 5]
                target y
                param K[3, 2, 3, 3]
                param K1[4, 2, 3]
                param Kx[3, 2, 3, 3] init kaiming_uniform
                param b[3]
                loss = mse(sum(conv2d(x, K, b)) + sum(conv2d(x, Kx)) + sum(conv1d(reshape(x, [2, 25]), K1)), y)
            }
            """;

    @Test
    void aKernelsDefaultIsUniformOverOneOverTheSquareRootOfItsFanIn() {
        CheckedModel model = Frontend.check(new Source("c.net", MODEL)).get(0);
        Map<String, Init> inits = model.params().stream().collect(Collectors.toMap(CheckedModel.Parameter::name, CheckedModel.Parameter::init));
        assertThat(inits.get("K").kind()).isEqualTo(Init.Kind.UNIFORM);
        assertThat(inits.get("K").b()).isCloseTo(1 / Math.sqrt(2 * 3 * 3), org.assertj.core.data.Offset.offset(1e-15)); // nn.Conv2d(2, 3, 3)
        assertThat(inits.get("K").a()).isEqualTo(-inits.get("K").b());
        assertThat(inits.get("K1").b()).isCloseTo(1 / Math.sqrt(2 * 3), org.assertj.core.data.Offset.offset(1e-15)); // nn.Conv1d(2, 4, 3)
        assertThat(inits.get("Kx").b()).isCloseTo(Math.sqrt(6.0 / (2 * 3 * 3)), org.assertj.core.data.Offset.offset(1e-15)); // torch's fan_in
        assertThat(inits.get("b").kind()).isEqualTo(Init.Kind.CONSTANT);
        Trainer t = TrainerLoader.load(Compiler.emit(model, "test.init", Precision.DOUBLE), 2);
        t.initialize(7);
        double[] k = new double[3 * 2 * 3 * 3];
        t.getParameter("K", k);
        double bound = 1 / Math.sqrt(18);
        double largest = java.util.Arrays.stream(k).map(Math::abs).max().orElseThrow();
        assertThat(largest).isLessThanOrEqualTo(bound).isGreaterThan(bound * 0.8);
    }

    @Test
    void aRank3InputsColumnsAndPrintedValueAreRowMajorPerAxis() {
        assertThat(new TensorSpec("x", 2, 2, 3).columns()).startsWith("x[0][0][0]", "x[0][0][1]", "x[0][0][2]", "x[0][1][0]")
                .endsWith("x[1][1][2]");
        double[] v = new double[12];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        assertThat(new TensorText(true).format(new Tensor(Shape.of(2, 2, 3), v))).isEqualTo("[[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]]");
    }
}
