package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every LaTeX output renders in a real renderer: KaTeX (the copy the report bundles), run by Node,
 * with errors thrown and text outside math environments refused. Skips where Node is missing.
 */
class LatexRenderTest {
    static final List<String> EXAMPLES = List.of("scalar", "linear", "simple_net", "xor_sigmoid", "xor_mlp", "softmax_classifier",
            "embedding_classifier", "tiny_attention", "digits_cnn");
    static final List<String> REFERENCES = List.of("op_zoo", "softmax_ce", "adam_decay", "adamw", "rmsprop", "rmsprop_momentum",
            "sgd_momentum", "sgd_nesterov", "attention_layers", "embedding_classifier", "layer_norm_vector", "conv1d_layers", "cnn_layers");

    @Test
    void gradAsLatexRendersForEveryExampleAndReferenceModel(@TempDir Path tmp) throws Exception {
        List<String> command = new ArrayList<>(List.of(node(), "render.js", Tools.KATEX.resolve("katex.min.js").toString()));
        List<Path> models = new ArrayList<>();
        EXAMPLES.forEach(n -> models.add(Tools.example(n)));
        REFERENCES.forEach(n -> models.add(Tools.reference(n)));
        for (Path model : models) {
            Tools.Result r = Tools.gradus("grad", model.toString(), "--format", "latex");
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).contains("\\begin{align*}").doesNotContain("dloss/d");
            if (model.equals(Tools.reference("op_zoo"))) {
                Tools.golden("op_zoo.grad.tex", r.out()); // every op's LaTeX form, in one golden
            }
            Path tex = tmp.resolve(model.getParent().getFileName() + "-" + model.getFileName() + ".tex");
            Files.writeString(tex, r.out());
            command.add(tex.toString());
        }
        Tools.Proc p = Tools.run(Tools.ROOT.resolve("cli/src/test/resources/katex"), 120, command);
        assertThat(p.status()).as(p.out()).isZero();
        assertThat(p.out().lines().filter(l -> l.startsWith("ok 2 "))).hasSize(models.size());
    }

    @Test
    void theRendererCatchesWhatIsNotLatex(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.tex");
        Files.writeString(bad, "% a comment\nh &= dloss/dlogits \\\\\n\\begin{align*}\n  x &= \\frac{1}{\n\\end{align*}\n");
        Tools.Proc p = Tools.run(Tools.ROOT.resolve("cli/src/test/resources/katex"), 60,
                List.of(node(), "render.js", Tools.KATEX.resolve("katex.min.js").toString(), bad.toString()));
        assertThat(p.status()).isEqualTo(1);
        assertThat(p.out()).contains("text outside a math environment: h &= dloss/dlogits").contains("FAILED");
    }

    static String node() {
        return Tools.required("Node.js", "node", "nodejs").toString();
    }
}
