package dev.gradus.compiler.print;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.Frontend;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.eval.Tensor;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The printers' small parts: LaTeX names, user source forms, abbreviation, and the gradient Javadoc text. */
class PrintersTest {
    static final String MLP = """
            model M {
                input  x[2]
                target y[1]
                param  W1[8, 2]
                param  b1[8]
                param  W2[1, 8]
                param  b2[1]
                h_pre = W1 @ x + b1
                h = relu(h_pre)
                y_hat = W2 @ h + b2
                loss = mse(y_hat, y) + 0.01 * sum(W1 ** 2)
            }
            """;

    private static CheckedModel model(String text) {
        return Frontend.check(new Source("m.net", text)).get(0);
    }

    @Test
    void gradientDocsAreReadableMathWithTheDerivativesTheyName() {
        Map<String, String> docs = GradPrinter.gradientDocs(ModelGradients.of(model(MLP)));
        assertThat(docs.keySet()).containsExactly("W1", "b1", "W2", "b2");
        assertThat(docs.get("W1")).isEqualTo("""
                dloss/dW1 = 0.02 * W1 + outer(dloss/dh_pre, x)
                  where dloss/dh_pre = dloss/dh ⊙ heaviside(h_pre)
                  where dloss/dh = W2ᵀ @ dloss/dy_hat
                  where dloss/dy_hat = 2 * (y_hat - y)""");
        assertThat(docs.get("W2")).isEqualTo("dloss/dW2 = outer(dloss/dy_hat, h)\n  where dloss/dy_hat = 2 * (y_hat - y)");
    }

    @Test
    void sourceFormsAreWhatTheUserWrote() {
        SourceForms s = new SourceForms(model(MLP));
        assertThat(s.text("loss")).isEqualTo("mse(y_hat, y) + 0.01 * sum(W1 ** 2)");
        assertThat(s.line("loss")).isEqualTo(11);
        assertThat(s.line("W1")).isEqualTo(4);
        assertThat(s.latex("loss")).isEqualTo("\\operatorname{mse}\\left(\\hat{y}, y\\right) + 0.01 \\cdot \\left(\\sum W_{1}^{2}\\right)");
        assertThat(s.latex("h_pre")).isEqualTo("W_{1} x + b_{1}");
        assertThat(s.substituted("y_hat", n -> n.equals("h") ? "[1, 2]" : null)).isEqualTo("W2 @ [1, 2] + b2");
    }

    @Test
    void aDefinitionOverSeveralLinesIsJoinedAndOneOnTheModelsLastLineLosesTheBrace() {
        SourceForms s = new SourceForms(model("""
                model M {
                    input x[2]
                    target y[2]
                    param w[2]
                    z = w * x   # elementwise
                    loss = mse(z, y)        # the data term
                         + 1e-4 * sum(w ** 2)
                }
                """));
        assertThat(s.text("loss")).isEqualTo("mse(z, y) + 1e-4 * sum(w ** 2)");
        assertThat(s.text("z")).isEqualTo("w * x");
        SourceForms one = new SourceForms(model("model N { input x  target y  param w  loss = (w * x - y) ** 2 }\n"));
        assertThat(one.text("loss")).isEqualTo("(w * x - y) ^ 2");
    }

    @Test
    void latexNamesKeepTotalAndLocalDerivativesApart() {
        assertThat(LatexForms.name("dloss/dW1")).isEqualTo("\\frac{d\\,\\mathrm{loss}}{d W_{1}}");
        assertThat(LatexForms.name("∂h/∂W1")).isEqualTo("\\frac{\\partial h}{\\partial W_{1}}");
        assertThat(LatexForms.name("y_hat")).isEqualTo("\\hat{y}");
        assertThat(LatexForms.name("W1[3, 1]")).isEqualTo("{W_{1}}_{3, 1}");
        assertThat(LatexForms.name("hidden_2")).isEqualTo("\\mathrm{hidden\\_}_{2}");
    }

    @Test
    void tensorsAbbreviateAsNumPyDoes() {
        double[] d = new double[64 * 2];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        Tensor t = new Tensor(Shape.matrix(64, 2), d);
        assertThat(new TensorText(false).format(t)).isEqualTo("[[0, 1], [2, 3], [4, 5], ..., [122, 123], [124, 125], [126, 127]]");
        assertThat(new TensorText(true).format(t)).doesNotContain("...").startsWith("[[0, 1], [2, 3], [4, 5], [6, 7]");
        assertThat(new TensorText(false).format(new Tensor(Shape.vector(12), new double[12]))).doesNotContain("...");
        assertThat(new TensorText(false).operand(Tensor.scalar(-2))).isEqualTo("(-2)");
    }

    /** loss = a + b makes dloss/db the constant 1: every later 1 is still printed as 1, not as dloss/da. */
    @Test
    void aConstantIsNeverPrintedAsTheNameOfADerivativeThatEqualsIt() {
        CheckedModel m = model("""
                model AB {
                    input x[2]
                    target y
                    param w[2]
                    param b
                    p = sigmoid(sum(w * x))
                    a = bce(p, y)
                    loss = a + b
                }
                """);
        ModelGradients g = ModelGradients.of(m);
        Map<String, String> text = GradPrinter.backward(g, MathPrinter.Format.TEXT);
        assertThat(text.get("dloss/da")).isEqualTo("1");
        assertThat(text.get("dloss/db")).isEqualTo("1");
        assertThat(text.get("dloss/dp")).isEqualTo("(p - y) / max(p * (1 - p), 1e-12)");
        assertThat(text.get("dloss/dw")).isEqualTo("dloss/dp * (p * (1 - p)) * x");
        assertThat(String.join("\n", GradPrinter.backward(g, MathPrinter.Format.LATEX).values()))
                .doesNotContain("\\mathrm{loss}}{d a}\\right) -", "\\mathrm{loss}}{d a} -");
        assertThat(GradPrinter.gradientDocs(g).get("w")).doesNotContain("dloss/da").doesNotContain("dloss/db");
        String explained = Explainer.explain(m, Map.of("x", new double[] {1, 2}, "y", new double[] {1}, "w", new double[] {0.1, -0.2},
                "b", new double[] {0.5}));
        assertThat(explained).doesNotContain("dloss/da -").doesNotContain("(dloss/da");
    }

    /** LaTeX reads 1e-5 as 1 e − 5: numbers with an exponent are powers of ten. */
    @Test
    void latexWritesPowersOfTen() {
        assertThat(LatexForms.number(1e-5)).isEqualTo("10^{-5}");
        assertThat(LatexForms.number(2.5e-5)).isEqualTo("2.5 \\times 10^{-5}");
        assertThat(LatexForms.number(0.25)).isEqualTo("0.25");
        CheckedModel m = model("model L { input x  target y  param w  loss = (w * x - y) ^ 2 + 1e-5 * w ^ 2 }\n");
        assertThat(GradPrinter.forward(m, MathPrinter.Format.LATEX).get("loss")).contains("10^{-5} \\cdot w^{2}").doesNotContain("1e");
        assertThat(GradPrinter.backward(ModelGradients.of(m), MathPrinter.Format.LATEX).get("dloss/dw"))
                .startsWith("2 \\times 10^{-5} \\cdot w").doesNotContain("2e");
    }
}
