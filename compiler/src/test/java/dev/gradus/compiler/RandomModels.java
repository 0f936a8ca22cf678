package dev.gradus.compiler;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.diag.Source;
import java.util.List;
import java.util.Random;

/** Models built around one op template, shared by the derivative property test and the emitter oracle test. */
final class RandomModels {
    private RandomModels() {}

    /** One template per op; A and B are replaced by random vector subexpressions of the parameters and inputs. */
    static final List<String> OPS = List.of(
            "exp(A)", "log(softplus(A) + 0.1)", "sqrt(square(A) + 0.1)", "abs(A)", "sin(A)", "cos(A)", "tanh(A)",
            "sigmoid(A)", "relu(A)", "softplus(A)", "square(A)", "leaky_relu(A, 0.1)", "elu(A, 0.7)", "max(A, B)",
            "min(A, B)", "pow(softplus(A) + 0.5, B)", "A ^ 2", "(softplus(A) + 0.5) ** B", "A / (square(B) + 1)",
            "A * B", "A - B", "A + B", "-A", "P @ A", "A @ P", "transpose(P) @ A", "outer(A, B) @ A", "sum(outer(A, B), 0)",
            "sum(outer(A, B), 1)", "mean(outer(A, B), 0)", "mean(A) * B", "softmax(A)", "log_softmax(A)",
            "logsumexp(A) * B", "dot(A, B) * A", "A @ B * A", "A[1] * B", "outer(A, B)[2]", "outer(A, B)[2, 1] * A",
            "P[1, 2] * A", "mse(A, y)", "l1(A, y)", "huber(A, y, 0.5)", "bce(sigmoid(A), sigmoid(y))", "bce_logits(A, y)",
            "cross_entropy(A, label)", "cross_entropy(A, softmax(y))", "A * s + s ^ 3");

    static final List<String> SUBEXPRESSIONS = List.of("p * x", "P @ x", "p + s * x", "tanh(P @ p) * x", "x - p",
            "transpose(P) @ p + x", "sigmoid(p) * P @ x", "p");

    /** The template with A and B replaced by subexpressions drawn from {@code random}. */
    static String expression(String template, Random random) {
        String a = SUBEXPRESSIONS.get(random.nextInt(SUBEXPRESSIONS.size()));
        String b = SUBEXPRESSIONS.get(random.nextInt(SUBEXPRESSIONS.size()));
        return template.replace("A", "(" + a + ")").replace("B", "(" + b + ")");
    }

    /** A model with inputs x[3] and M[2, 3], targets y[3] and a class label, parameters p[3], P[3, 3], s and loss sum(e). */
    static CheckedModel model(String expr) {
        String source = """
                model Random {
                    input x[3]
                    input M[2, 3]
                    target y[3]
                    target label : class(3)
                    param p[3]
                    param P[3, 3]
                    param s
                    e = %s
                    loss = sum(e)
                }
                """.formatted(expr);
        return Frontend.check(new Source("random.net", source)).get(0);
    }
}
