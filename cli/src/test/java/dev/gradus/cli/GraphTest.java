package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gradus graph: golden DOT, Graphviz accepts it, SVG through dot, and a clear message where dot is missing. */
class GraphTest {

    @Test
    void dotWithValuesAndTheBackwardPassMatchesItsGolden() throws Exception {
        Tools.Result r = Tools.gradus("graph", Tools.example("scalar").toString(), "--at", "x=1,y=2,w=1", "--backward");
        assertThat(r.status()).as(r.err()).isZero();
        Tools.golden("scalar.graph.dot", r.out());
        // The tutorial's numbers are on the nodes: loss 1, and dloss/dw = -2 on w.
        assertThat(r.out()).contains("w (parameter)\\nscalar\\nvalue 1\\ngrad -2").contains("loss = s ^ 2\\nscalar\\nvalue 1\\ngrad 1")
                .contains("label=\"dloss/dw\"");
        Tools.Result plain = Tools.gradus("graph", Tools.example("softmax_classifier").toString());
        assertThat(plain.status()).as(plain.err()).isZero();
        Tools.golden("softmax_classifier.graph.dot", plain.out());
        assertThat(plain.out()).doesNotContain("value ").doesNotContain("#c0392b\"]");
    }

    @Test
    void graphvizReadsTheDotAndWritesSvg(@TempDir Path tmp) throws Exception {
        Path dot = Tools.required("Graphviz", "dot");
        Path svg = tmp.resolve("graph.svg");
        Tools.Result r = Tools.gradus("graph", Tools.example("softmax_classifier").toString(), "--at", "x=[1,0,2,-1],label=2",
                "--backward", "-o", svg.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("wrote " + svg + "\n");
        String text = Files.readString(svg);
        assertThat(text).contains("<svg").contains("</svg>").contains("logits = W2 @ h + b2").contains("dloss/dW1");
        Path dotFile = tmp.resolve("g.dot");
        assertThat(Tools.gradus("graph", Tools.example("xor_mlp").toString(), "--backward", "-o", dotFile.toString()).status()).isZero();
        Tools.Proc check = Tools.run(tmp, 60, List.of(dot.toString(), "-Tsvg", "-o", tmp.resolve("check.svg").toString(), dotFile.toString()));
        assertThat(check.status()).as(check.out()).isZero();
        assertThat(check.out()).isEmpty(); // no warnings either
    }

    @Test
    void svgWithoutGraphvizIsOneClearMessageAndNoFile(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("graph.svg");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "graph", Tools.example("scalar").toString(), "-o", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile());
        pb.environment().put("PATH", tmp.resolve("empty").toString());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(tmp.resolve("log"));
        assertThat(p.exitValue()).as(log).isEqualTo(1);
        assertThat(log).startsWith("gradus: error: SVG needs Graphviz's 'dot' program").contains("apt-get install graphviz")
                .contains("-o FILE.dot").doesNotContain("Exception");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly("log");
        }
    }

    @Test
    void usageMistakesAndHelp() {
        for (String command : List.of("graph", "report")) {
            Tools.Result help = Tools.gradus(command, "--help");
            assertThat(help.status()).isZero();
            assertThat(help.out()).startsWith("Usage: gradus " + command);
        }
        assertThat(Tools.gradus("graph", Tools.example("scalar").toString(), "-o", "graph.png").status()).isEqualTo(2);
        Tools.Result bad = Tools.gradus("graph", Tools.example("scalar").toString(), "--at", "x=1");
        assertThat(bad.status()).as("a missing value, as for predict --at: a usage mistake").isEqualTo(2);
        assertThat(bad.err()).isEqualTo("gradus: error: the example has no value for target 'y' (give it with --at y=..., or take the example from --data)\n"
                + "Try 'gradus graph --help' for more information.\n");
    }
}
