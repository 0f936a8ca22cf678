package dev.gradus.compiler.ir;

import dev.gradus.runtime.Fn;
import java.util.List;

/** Elementwise functions of one argument with a compile-time constant, each with its derivative beside it. */
public sealed interface Parametric extends Elementwise {

    @Override
    default int arity() {
        return 1;
    }

    /** {@code x > 0 ? x : slope * x}; the derivative at 0 is {@code slope}, as PyTorch. */
    record LeakyRelu(double slope) implements Parametric {
        /** The slope when a call gives none, as {@code torch.nn.LeakyReLU}. */
        public static final double DEFAULT_SLOPE = 0.01;

        public String label() {
            return "leaky_relu";
        }

        public double apply(double... x) {
            return Fn.leaky_relu(x[0], slope);
        }

        public String runtimeFunction() {
            return "leaky_relu";
        }

        public Node partial(int i, Node.Apply self, Graph graph) {
            return graph.apply(new LeakyStep(slope), self.arg(0));
        }

        public List<Double> constants() {
            return List.of(slope);
        }

        public Signature signature() {
            return Signature.of("leaky_relu", "x").withConstant("slope", DEFAULT_SLOPE);
        }

        public Op withConstants(List<Double> constants) {
            return new LeakyRelu(constants.get(0));
        }
    }

    /** The derivative of leaky_relu: 1 where x > 0, else {@code slope}; its own derivative is zero. */
    record LeakyStep(double slope) implements Parametric {
        public String label() {
            return "leaky_step";
        }

        public double apply(double... x) {
            return Fn.leaky_step(x[0], slope);
        }

        public String runtimeFunction() {
            return "leaky_step";
        }

        public Signature signature() {
            return Signature.of("leaky_step", "x").withConstant("slope", LeakyRelu.DEFAULT_SLOPE);
        }

        public Op withConstants(List<Double> constants) {
            return new LeakyStep(constants.get(0));
        }

        public Node partial(int i, Node.Apply self, Graph graph) {
            return null;
        }

        public List<Double> constants() {
            return List.of(slope);
        }
    }

    /** {@code x > 0 ? x : alpha (exp(x) - 1)}; the derivative is {@code alpha exp(x)} for x <= 0. */
    record Elu(double alpha) implements Parametric {
        /** The alpha when a call gives none, as {@code torch.nn.ELU}. */
        public static final double DEFAULT_ALPHA = 1.0;

        public String label() {
            return "elu";
        }

        public double apply(double... x) {
            return Fn.elu(x[0], alpha);
        }

        public String runtimeFunction() {
            return "elu";
        }

        public Node partial(int i, Node.Apply self, Graph graph) {
            Node x = self.arg(0);
            Node step = graph.apply(Unary.STEP, x);
            Node negative = graph.mul(graph.sub(graph.constant(1), step),
                    graph.mul(graph.constant(alpha), graph.apply(Unary.EXP, x)));
            return graph.add(step, negative);
        }

        public List<Double> constants() {
            return List.of(alpha);
        }

        public Signature signature() {
            return Signature.of("elu", "x").withConstant("alpha", DEFAULT_ALPHA);
        }

        public Op withConstants(List<Double> constants) {
            return new Elu(constants.get(0));
        }
    }
}
