package dev.gradus.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradus.compiler.ir.OptimizerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The update rules of {@code torch.optim} (as of PyTorch 1.13's single-tensor implementations),
 * one record per optimizer, written element by element in the order PyTorch computes them so that
 * double-precision trainers follow its trajectories to rounding. One deviation: every
 * {@code Fn.FLUSH_STEPS} steps the state buffers' subnormal numbers become zero (UpdateEmitter), as
 * XLA and {@code torch.set_flush_denormal(True)} flush them, so that no CPU computes on subnormals
 * in microcode for long; an element's state then differs from PyTorch's by less than the smallest
 * normal number (1.2e-38 in float, 2.2e-308 in double).
 */
sealed interface UpdateRule {

    /** Per-parameter state buffers, by suffix ({@code W_m}, {@code W_momentum}). */
    List<String> state();

    /** Per-step scalars the element statements use; the trainer keeps them in fields of the element type. */
    List<String> scalars();

    /**
     * Statements setting the scalars once per step, before the parameters ({@code step} is already
     * incremented); {@code n} gives the identifier of each name the rule uses ({@code step}, {@code lr},
     * its scalars and locals).
     */
    void prologue(CodeBlock.Builder b, Precision p, UnaryOperator<String> n);

    /**
     * Statements updating one element {@code ix} of a parameter: its field {@code w}, its gradient's
     * {@code grad}, and its state buffers' fields by suffix.
     */
    List<String> element(Target t, Precision p, UnaryOperator<String> n);

    /** One parameter's fields, and the index of the element being updated ({@code [i][j]}, or empty). */
    record Target(String w, String grad, UnaryOperator<String> state, String ix) {}

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
    private static String decayed(Target t, double weightDecay, Precision p) {
        return t.grad() + t.ix() + (weightDecay != 0 ? " + " + p.literal(weightDecay) + " * " + t.w() + t.ix() : "");
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

        public void prologue(CodeBlock.Builder b, Precision p, UnaryOperator<String> n) {
            b.addStatement("$L = $L", n.apply("rate"), p.cast(n.apply("lr")));
        }

        public List<String> element(Target t, Precision p, UnaryOperator<String> n) {
            List<String> lines = new ArrayList<>();
            String g = n.apply("g");
            lines.add(p.keyword() + " " + g + " = " + decayed(t, weightDecay, p));
            if (momentum != 0) {
                String buf = t.state().apply("momentum") + t.ix();
                lines.add(buf + " = " + n.apply("step") + " == 1 ? " + g + " : " + p.literal(momentum) + " * " + buf
                        + (dampening != 0 ? " + " + oneMinus(dampening, p) + " * " + g : " + " + g));
                lines.add(nesterov ? g + " = " + g + " + " + p.literal(momentum) + " * " + buf : g + " = " + buf);
            }
            lines.add(t.w() + t.ix() + " -= " + n.apply("rate") + " * " + g);
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

        public void prologue(CodeBlock.Builder b, Precision p, UnaryOperator<String> n) {
            String bias1 = n.apply("bias1");
            String bias2 = n.apply("bias2");
            biasCorrection(b, bias1, beta1, n.apply("step"));
            biasCorrection(b, bias2, beta2, n.apply("step"));
            b.addStatement("$L = $L", n.apply("stepSize"), p.cast(n.apply("lr") + " / " + bias1))
                    .addStatement("$L = $L", n.apply("bias2Sqrt"), p.cast("sqrt(" + bias2 + ")"));
            if (decoupled && weightDecay != 0) {
                b.addStatement("$L = $L", n.apply("decay"), p.cast("1 - " + n.apply("lr") + " * " + weightDecay));
            }
        }

        /**
         * {@code double name = 1 - beta^step}, as torch.optim computes it, but without {@code Math.pow}
         * (80 ns a pair, a tenth of a tiny model's step) once {@code beta^step} is below 2^-60, from where
         * {@code 1 - beta^step} is exactly 1 however pow rounds.
         */
        private static void biasCorrection(CodeBlock.Builder b, String name, double beta, String step) {
            long from = saturation(beta);
            if (from == Long.MAX_VALUE) {
                b.addStatement("double $L = 1 - $T.pow($L, $L)", name, Types.MATH, beta, step);
            } else {
                b.add("// $L^step < 2^-60 from step $L on: 1 - $L^step is 1 there\n", beta, from, beta)
                        .addStatement("double $L = $L < $LL ? 1 - $T.pow($L, $L) : 1", name, step, from, Types.MATH, beta, step);
            }
        }

        /** The first step from which {@code beta^step < 2^-60}, or Long.MAX_VALUE when that is beyond any training. */
        static long saturation(double beta) {
            if (!(beta > 0)) {
                return 1;
            }
            if (!(beta < 1)) {
                return Long.MAX_VALUE;
            }
            double steps = Math.ceil(-60 * Math.log(2) / Math.log(beta));
            if (!(steps < 1e12)) {
                return Long.MAX_VALUE;
            }
            long from = Math.max(1, (long) steps);
            while (Math.pow(beta, from) >= 0x1p-60) {
                from++;
            }
            while (from > 1 && Math.pow(beta, from - 1) < 0x1p-60) {
                from--;
            }
            return from;
        }

        public List<String> element(Target t, Precision p, UnaryOperator<String> n) {
            List<String> lines = new ArrayList<>();
            String ix = t.ix();
            String g = n.apply("g");
            if (decoupled && weightDecay != 0) {
                lines.add(t.w() + ix + " *= " + n.apply("decay"));
            }
            lines.add(p.keyword() + " " + g + " = " + decayed(t, decoupled ? 0 : weightDecay, p));
            String m = t.state().apply("m") + ix;
            String v = t.state().apply("v") + ix;
            lines.add(m + " = " + m + " * " + p.literal(beta1) + " + " + oneMinus(beta1, p) + " * " + g);
            lines.add(v + " = " + v + " * " + p.literal(beta2) + " + " + oneMinus(beta2, p) + " * " + g + " * " + g);
            lines.add(t.w() + ix + " -= " + n.apply("stepSize") + " * (" + m + " / (sqrt(" + v + ") / " + n.apply("bias2Sqrt")
                    + " + " + p.literal(eps) + "))");
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

        public void prologue(CodeBlock.Builder b, Precision p, UnaryOperator<String> n) {
            b.addStatement("$L = $L", n.apply("rate"), p.cast(n.apply("lr")));
        }

        public List<String> element(Target t, Precision p, UnaryOperator<String> n) {
            List<String> lines = new ArrayList<>();
            String ix = t.ix();
            String g = n.apply("g");
            String rate = n.apply("rate");
            lines.add(p.keyword() + " " + g + " = " + decayed(t, weightDecay, p));
            String sq = t.state().apply("square_avg") + ix;
            lines.add(sq + " = " + sq + " * " + p.literal(alpha) + " + " + oneMinus(alpha, p) + " * " + g + " * " + g);
            String avg = "(sqrt(" + sq + ") + " + p.literal(eps) + ")";
            if (momentum != 0) {
                String buf = t.state().apply("momentum") + ix;
                lines.add(buf + " = " + buf + " * " + p.literal(momentum) + " + " + g + " / " + avg);
                lines.add(t.w() + ix + " -= " + rate + " * " + buf);
            } else {
                lines.add(t.w() + ix + " -= " + rate + " * (" + g + " / " + avg + ")");
            }
            return lines;
        }
    }
}
