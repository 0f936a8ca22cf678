package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gradus.compiler.diag.CompileException;
import dev.gradus.compiler.diag.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every file of the bad corpus is rejected with exactly its golden diagnostics. */
class DiagnosticsGoldenTest {
    private static final Path BAD = Path.of("src/test/resources/bad");

    /** A memory budget the same on every machine, for the golden of a model that does not fit it. */
    @org.junit.jupiter.api.BeforeAll
    static void fixedMemoryBudget() {
        System.setProperty("gradus.memory", String.valueOf(4L << 30));
    }

    @org.junit.jupiter.api.AfterAll
    static void defaultMemoryBudget() {
        System.clearProperty("gradus.memory");
    }

    @TestFactory
    Stream<DynamicTest> badFilesGiveTheirGoldenDiagnostics() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(BAD)) {
            files = s.filter(p -> p.toString().endsWith(".net")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(25);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            String name = "bad/" + f.getFileName();
            Source source = new Source(name, Files.readString(f, StandardCharsets.UTF_8));
            try {
                Frontend.check(source);
                fail(name + " was accepted");
            } catch (CompileException e) {
                String rendered = e.render();
                assertThat(rendered).startsWith(name + ":").doesNotContain("Exception").doesNotContain("mismatched input")
                        .doesNotContain("extraneous").doesNotContain("<EOF>");
                Golden.check(BAD.resolve(f.getFileName().toString().replace(".net", ".expected")), rendered);
            }
        }));
    }

    @Test
    void everyExampleOfTheLanguageSpecIsAccepted() throws IOException {
        String spec = Files.readString(Path.of("../docs/LANGUAGE.md"));
        int blocks = 0;
        String[] parts = spec.split("```");
        for (int k = 1; k < parts.length; k += 2) {
            String part = parts[k];
            if (part.contains("model ")) {
                String code = part.startsWith("\n") ? part : part.substring(part.indexOf('\n'));
                Frontend.check(new Source("LANGUAGE.md", code));
                blocks++;
            }
        }
        assertThat(blocks).isGreaterThanOrEqualTo(2);
    }

    @Test
    void everyFormOfTheLanguageIsAccepted() {
        String all = """
                /* block comment */
                model Everything {
                    const H = 4
                    const K = H * 2
                    input x[3]   // a vector
                    input m[2, 3]
                    input s
                    target y[3]
                    target label : class(3)
                    param W[H, 3] init xavier_uniform
                    param V[3, H] init kaiming_normal(a = 0.1)
                    param b[3] = [0.1, 0.2, 0.3]
                    param c = -0.5
                    param M[2, 3] init normal(0, 0.1)
                    param u[3] init constant(2)
                    h = tanh(W @ x)
                    z = V @ h + b
                    r = transpose(M) @ sum(M * m, 1) + outer(x, x) @ b + x @ outer(x, b)
                    e = exp(c) + log(s ^ 2 + 1) + sqrt(abs(s) + 1) + sin(s) * cos(s) + softplus(s) + square(s)
                    f = leaky_relu(z, 0.1) + elu(z, alpha = 1.0) + max(z, x) - min(z, u) + pow(abs(z) + 1, 2)
                    g = softmax(z) + log_softmax(z) + logsumexp(z) + sigmoid(z) + relu(z)
                    q = dot(z, x) + mean(z) + mean(m, 0)[1] + m[1, 2] + z[0] + -s ** 2 ** 1
                    output z
                    loss = cross_entropy(z, label) + mse(z, y) + l1(z, y) + huber(z, y, 0.5) + bce(sigmoid(z), y)
                           + bce_logits(z, y) + cross_entropy(z, softmax(y)) + 1e-4 * sum(W ^ 2) + sum(r) + e + sum(f) + sum(g) + q
                    train { data = "x.csv" optimizer = adamw(lr = 1e-3, weight_decay = 0.01) batch = 8 epochs = 2 shuffle = true seed = 3 }
                }
                """;
        assertThat(Frontend.check(new Source("all.net", all))).hasSize(1);
    }
}
