package dev.gradus.compiler.print;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.Frontend;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Node;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What grad prints must check if pasted into the model: a column-broadcast adjoint times a vector
 * (the IR's form of an outer product) prints as {@code outer(a, v)}, not as {@code a * v} of a [4]
 * and a [3], which the language rejects.
 */
class WellTypedGradientTest {

    @Test
    void aBroadcastAdjointTimesAVectorPrintsAsAnOuterProduct() {
        String source = """
                model B {
                    input x[3]
                    target y[4]
                    param W[4, 3]
                    param v[3]
                    y_hat = sum(W * (v * x), 1)
                    loss = mse(y_hat, y)
                }
                """;
        CheckedModel model = Frontend.check(new Source("b.net", source)).get(0);
        ModelGradients gradients = ModelGradients.of(model);
        Map<Node, String> names = new HashMap<>(model.valueNames());
        Node.Param w = model.paramNodes().get(0);
        String dW = new MathPrinter(MathPrinter.Format.TEXT, names).print(gradients.of(w));
        assertThat(dW).startsWith("outer(").doesNotContain(" * v * x");

        // pasted back as a value of the model, it checks and has W's shape
        String pasted = source.replace("    loss = mse(y_hat, y)", "    g = " + dW.replace("y_hat", "y_hat") + "\n    loss = mse(y_hat, y) + sum(g)");
        CheckedModel again = Frontend.check(new Source("b2.net", pasted)).get(0);
        assertThat(again.values().get("g").shape()).isEqualTo(w.shape());
    }
}
