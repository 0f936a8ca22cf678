package dev.gradus.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradus.compiler.ir.OptimizerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The update rules of {@code torch.optim} (as of PyTorch 1.13's single-tensor implementations),
 * one record per optimizer, written element by element in the order PyTorch computes them so that
 * double-precision trainers follow its trajectories to rounding.
 */
sealed interface UpdateRule {

    /** Per-parameter state buffers, by suffix ({@code W_m}, {@code W_momentum}). */
    List<String> state();

    /** Per-step scalars the element statements use; the trainer keeps them in fields of the element type. */
    List<String> scalars();

    /** Statements setting the scalars once per step, before the parameters ({@code step} is already incremented). */
    void prologue(CodeBlock.Builder b, Precision p);

    /** Statements updating one element: parameter {@code w}, its gradient {@code grad}, index suffix {@code ix}. */
    List<String> element(String w, String grad, String ix, Precision p);

    static UpdateRule of(OptimizerConfig o) {
        return switch (o.name()) {
            case "sgd" -> new Sgd(o.get("momentum"), o.get("dampening"), o.get("weight_decay"), o.get("nesterov") != 0);
            case "adam", "adamw" -> new Adam(o.get("beta1"), o.get("beta2"), o.get("eps"), o.get("weight_decay"),
                    o.name().equals("adamw"));
            case "rmsprop" -> new RmsProp(o.get("alpha"), o.get("eps"), o.get("momentum"), o.get("weight_decay"));
            default -> throw new IllegalArgumentException("no update rule for " + o.name());
        };
    }

    /** {@code g + wd * w}, or {@code g} when there is no weight decay. */
    private static String decayed(String w, String grad, String ix, double weightDecay, Precision p) {
        return grad + ix + (weightDecay != 0 ? " + " + p.literal(weightDecay) + " * " + w + ix : "");
    }

    /** {@code 1 - v} as torch computes it (in double, then applied); written out so it reads as the formula. */
    private static String oneMinus(double v, Precision p) {
        return p == Precision.DOUBLE ? "(1 - " + p.literal(v) + ")" : p.literal(1 - v);
    }

    /** SGD: momentum buffer starts as the first gradient; nesterov looks ahead along it. */
    record Sgd(double momentum, double dampening, double weightDecay, boolean nesterov) implements UpdateRule {
        public List<String> state() {
            return momentum != 0 ? List.of("momentum") : List.of();
        }

        public List<String> scalars() {
            return List.of("rate");
        }

        public void prologue(CodeBlock.Builder b, Precision p) {
            b.addStatement("rate = $L", p.cast("lr"));
        }

        public List<String> element(String w, String grad, String ix, Precision p) {
            List<String> lines = new ArrayList<>();
            lines.add(p.keyword() + " g = " + decayed(w, grad, ix, weightDecay, p));
            if (momentum != 0) {
                String buf = w + "_momentum" + ix;
                lines.add(buf + " = step == 1 ? g : " + p.literal(momentum) + " * " + buf
                        + (dampening != 0 ? " + " + oneMinus(dampening, p) + " * g" : " + g"));
                lines.add(nesterov ? "g = g + " + p.literal(momentum) + " * " + buf : "g = " + buf);
            }
            lines.add(w + ix + " -= rate * g");
            return lines;
        }
    }

    /** Adam, or AdamW ({@code decoupled}: the weight decays before the step instead of joining the gradient). */
    record Adam(double beta1, double beta2, double eps, double weightDecay, boolean decoupled) implements UpdateRule {
        public List<String> state() {
            return List.of("m", "v");
        }

        public List<String> scalars() {
            return decoupled && weightDecay != 0 ? List.of("stepSize", "bias2Sqrt", "decay") : List.of("stepSize", "bias2Sqrt");
        }

        public void prologue(CodeBlock.Builder b, Precision p) {
            b.addStatement("double bias1 = 1 - Math.pow($L, step)", beta1)
                    .addStatement("double bias2 = 1 - Math.pow($L, step)", beta2)
                    .addStatement("stepSize = $L", p.cast("lr / bias1"))
                    .addStatement("bias2Sqrt = $L", p.cast("Math.sqrt(bias2)"));
            if (decoupled && weightDecay != 0) {
                b.addStatement("decay = $L", p.cast("1 - lr * " + weightDecay));
            }
        }

        public List<String> element(String w, String grad, String ix, Precision p) {
            List<String> lines = new ArrayList<>();
            if (decoupled && weightDecay != 0) {
                lines.add(w + ix + " *= decay");
            }
            lines.add(p.keyword() + " g = " + decayed(w, grad, ix, decoupled ? 0 : weightDecay, p));
            String m = w + "_m" + ix;
            String v = w + "_v" + ix;
            lines.add(m + " = " + m + " * " + p.literal(beta1) + " + " + oneMinus(beta1, p) + " * g");
            lines.add(v + " = " + v + " * " + p.literal(beta2) + " + " + oneMinus(beta2, p) + " * g * g");
            lines.add(w + ix + " -= stepSize * (" + m + " / (sqrt(" + v + ") / bias2Sqrt + " + p.literal(eps) + "))");
            return lines;
        }
    }

    /** RMSprop (not centered), with optional momentum on the scaled gradient. */
    record RmsProp(double alpha, double eps, double momentum, double weightDecay) implements UpdateRule {
        public List<String> state() {
            return momentum != 0 ? List.of("square_avg", "momentum") : List.of("square_avg");
        }

        public List<String> scalars() {
            return List.of("rate");
        }

        public void prologue(CodeBlock.Builder b, Precision p) {
            b.addStatement("rate = $L", p.cast("lr"));
        }

        public List<String> element(String w, String grad, String ix, Precision p) {
            List<String> lines = new ArrayList<>();
            lines.add(p.keyword() + " g = " + decayed(w, grad, ix, weightDecay, p));
            String sq = w + "_square_avg" + ix;
            lines.add(sq + " = " + sq + " * " + p.literal(alpha) + " + " + oneMinus(alpha, p) + " * g * g");
            String avg = "(sqrt(" + sq + ") + " + p.literal(eps) + ")";
            if (momentum != 0) {
                String buf = w + "_momentum" + ix;
                lines.add(buf + " = " + buf + " * " + p.literal(momentum) + " + g / " + avg);
                lines.add(w + ix + " -= rate * " + buf);
            } else {
                lines.add(w + ix + " -= rate * (g / " + avg + ")");
            }
            return lines;
        }
    }
}
