package dev.gradus.compiler.lower;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.Frontend;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.VectorOp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cross-entropy's gradient, {@code softmax(z) - one_hot(label)}, takes its softmax from the forward
 * pass's {@code logsumexp(z)} ({@code exp(z - logsumexp(z))}); a softmax the forward pass computes
 * itself (an output) is computed once, from its maximum and sum, and read by the backward pass.
 */
class SoftmaxFromTest {
    private static final String MODEL = """
            model C {
                input  x[6]
                target label : class(4)
                param W[4, 6]
                param b[4]
                z = W @ x + b
                OUTPUT
                loss = cross_entropy(z, label)
                train { optimizer = sgd(lr = 0.1) batch = 8 }
            }
            """;

    private static Plan plan(String output) {
        CheckedModel m = Frontend.check(new Source("c.net", MODEL.replace("OUTPUT", output))).get(0);
        return new Plan(m, ModelGradients.of(m));
    }

    private static List<Node.Apply> softmaxes(List<Node> part) {
        return part.stream().filter(n -> n instanceof Node.Apply a && a.op() == VectorOp.SOFTMAX).map(n -> (Node.Apply) n).toList();
    }

    @Test
    void theBackwardSoftmaxOfACrossEntropyComesFromTheForwardLogsumexp() {
        Plan p = plan("");
        List<Node.Apply> backward = softmaxes(p.backwardPart());
        assertThat(backward).hasSize(1);
        Node lse = p.softmaxFrom(backward.get(0));
        assertThat(lse).isInstanceOf(Node.Apply.class);
        assertThat(((Node.Apply) lse).op()).isEqualTo(VectorOp.LOGSUMEXP);
        assertThat(((Node.Apply) lse).arg(0)).isSameAs(backward.get(0).arg(0));
        assertThat(p.lossPart()).contains(lse);
    }

    @Test
    void aSoftmaxTheForwardPassComputesIsComputedThereAndNotAgain() {
        Plan p = plan("probs = softmax(z)\n    output probs");
        assertThat(softmaxes(p.backwardPart())).isEmpty();
        List<Node.Apply> forward = softmaxes(p.outputPart());
        assertThat(forward).hasSize(1);
        assertThat(p.softmaxFrom(forward.get(0))).isNull();
    }
}
