package dev.gradus.compiler.print;

import dev.gradus.compiler.eval.Tensor;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.OptimizerConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;

/**
 * {@code explain --step}: the model's optimizer takes its first step on this one example (a batch
 * of one), told with numbers: the gradient, each state buffer as it fills (momentum; Adam's m and v
 * and their bias corrections; RMSprop's running square), and the new value. Computed in the order
 * the generated trainer computes it (torch.optim's), so the new values are the trainer's.
 */
final class StepNarrator {
    /** The narration, and each parameter's value after the step. */
    record Narration(String text, Map<String, double[]> updated) {}

    private final Walkthrough w;
    private final TensorText text;
    private final OptimizerConfig o;
    private final Follower.Target follow;
    private String followed;
    private final StringBuilder out = new StringBuilder();

    /** {@code follow}: a parameter element whose numbers each line of its parameter also gives, or null. */
    StepNarrator(Walkthrough w, TensorText text, Follower.Target follow) {
        this.w = w;
        this.text = text;
        this.follow = follow;
        this.o = w.model.train().optimizer();
    }

    Narration narrate() {
        out.append("Optimizer step: ").append(o).append(", its first step (t = 1), on this example as a batch of one\n");
        StringBuilder hyper = new StringBuilder();
        o.hyper().forEach((k, v) -> hyper.append(hyper.length() == 0 ? "" : ", ").append(k).append(" = ")
                .append(k.equals("nesterov") ? (v != 0 ? "true" : "false") : Tensor.format(v)));
        out.append("  (").append(hyper).append(")\n");
        intro();
        Map<String, double[]> updated = new LinkedHashMap<>();
        for (CheckedModel.Parameter p : w.model.params()) {
            Tensor value = w.params.get(p.name());
            Tensor g = w.value(w.grads.of(p.node()));
            out.append("  ").append(p.name()).append(":\n");
            followed = follow != null && follow.param() == p.node() ? Follower.elementName(p.name(), p.node().shape(), follow.index()) : null;
            updated.put(p.name(), step(p.name(), value, g).data());
        }
        return new Narration(out.toString(), updated);
    }

    private void intro() {
        switch (o.name()) {
            case "sgd" -> out.append(o.get("momentum") != 0
                    ? "  (the momentum buffer starts as the first gradient; later steps keep buf = momentum * buf + "
                            + (o.get("dampening") != 0 ? "(1 - dampening) * " : "") + "g)\n" : "");
            case "adam", "adamw" -> out.append("  bias corrections at t = 1: 1 - beta1^1 = ").append(Tensor.format(1 - o.get("beta1")))
                    .append(", 1 - beta2^1 = ").append(Tensor.format(1 - o.get("beta2"))).append(" (m and v start at 0)\n");
            case "rmsprop" -> out.append("  (the running square starts at 0").append(o.get("momentum") != 0 ? ", and so does the momentum buffer" : "")
                    .append(")\n");
            default -> { }
        }
    }

    private Tensor step(String name, Tensor w0, Tensor grad) {
        double lr = o.get("lr");
        double wd = o.get("weight_decay");
        boolean decoupled = o.name().equals("adamw");
        Tensor w1 = w0;
        if (decoupled && wd != 0) {
            double decay = 1 - lr * wd;
            w1 = map(w0, w0, (a, b) -> a * decay);
            line(name + " ← " + name + " * (1 - lr * weight_decay)", name + " * " + Tensor.format(decay), w1);
        }
        Tensor g = grad;
        if (wd != 0 && !decoupled) {
            g = map(grad, w0, (a, b) -> a + wd * b);
            line("g = dloss/d" + name + " + weight_decay * " + name, text.format(grad) + " + " + Tensor.format(wd) + " * " + text.operand(w0), g);
        } else {
            line("g = dloss/d" + name, null, g);
        }
        Tensor result;
        switch (o.name()) {
            case "sgd" -> {
                Tensor d = g;
                if (o.get("momentum") != 0) {
                    line("buf = g", null, g);
                    if (o.get("nesterov") != 0) {
                        double mu = o.get("momentum");
                        d = map(g, g, (a, b) -> a + mu * b);
                        line("g = g + momentum * buf", null, d);
                    }
                }
                Tensor dd = d;
                result = map(w1, dd, (a, b) -> a - lr * b);
                line(name + " ← " + name + " - lr * " + (o.get("momentum") != 0 && o.get("nesterov") == 0 ? "buf" : "g"),
                        text.format(w1) + " - " + Tensor.format(lr) + " * " + text.operand(dd), result);
            }
            case "adam", "adamw" -> {
                double b1 = o.get("beta1");
                double b2 = o.get("beta2");
                double eps = o.get("eps");
                Tensor m = map(g, g, (a, b) -> 0 * b1 + (1 - b1) * a);
                Tensor v = map(g, g, (a, b) -> 0 * b2 + (1 - b2) * a * a);
                line("m = beta1 * m + (1 - beta1) * g", null, m);
                line("v = beta2 * v + (1 - beta2) * g²", null, v);
                double bias1 = 1 - Math.pow(b1, 1);
                double bias2 = 1 - Math.pow(b2, 1);
                line("m̂ = m / (1 - beta1^t)", null, map(m, m, (a, b) -> a / bias1));
                line("v̂ = v / (1 - beta2^t)", null, map(v, v, (a, b) -> a / bias2));
                double stepSize = lr / bias1;
                double bias2Sqrt = Math.sqrt(bias2);
                Tensor update = map(m, v, (a, b) -> a / (Math.sqrt(b) / bias2Sqrt + eps));
                result = map(w1, update, (a, b) -> a - stepSize * b);
                line(name + " ← " + name + " - lr * m̂ / (√v̂ + eps)", text.format(w1) + " - " + Tensor.format(lr) + " * "
                        + text.operand(map(update, update, (a, b) -> a / bias1)), result);
            }
            case "rmsprop" -> {
                double alpha = o.get("alpha");
                double eps = o.get("eps");
                Tensor sq = map(g, g, (a, b) -> 0 * alpha + (1 - alpha) * a * a);
                line("square_avg = alpha * square_avg + (1 - alpha) * g²", null, sq);
                Tensor scaled = map(g, sq, (a, b) -> a / (Math.sqrt(b) + eps));
                if (o.get("momentum") != 0) {
                    line("buf = momentum * buf + g / (√square_avg + eps)", null, scaled);
                    result = map(w1, scaled, (a, b) -> a - lr * b);
                    line(name + " ← " + name + " - lr * buf", text.format(w1) + " - " + Tensor.format(lr) + " * " + text.operand(scaled), result);
                } else {
                    result = map(w1, scaled, (a, b) -> a - lr * b);
                    line(name + " ← " + name + " - lr * g / (√square_avg + eps)", text.format(w1) + " - " + Tensor.format(lr) + " * "
                            + text.format(scaled), result);
                }
            }
            default -> throw new IllegalStateException("no narration for optimizer " + o.name());
        }
        return result;
    }

    /** One line: the formula, the numbers put in (if any, and short enough to read), and the result. */
    private void line(String formula, String numbers, Tensor result) {
        out.append("    ").append(formula);
        if (numbers != null && numbers.length() <= 160) {
            out.append(" = ").append(numbers);
        }
        out.append(" = ").append(text.format(result));
        if (followed != null && !result.shape().isScalar()) {
            out.append("   (").append(followed).append(": ").append(Tensor.format(result.data()[follow.index()])).append(')');
        }
        out.append('\n');
    }

    private static Tensor map(Tensor a, Tensor b, DoubleBinaryOperator f) {
        double[] d = new double[a.data().length];
        for (int i = 0; i < d.length; i++) {
            d[i] = f.applyAsDouble(a.data()[i], b.data()[i]);
        }
        return new Tensor(a.shape(), d);
    }
}
