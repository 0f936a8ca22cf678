package dev.gradus.runtime.kernel;

import dev.gradus.runtime.Fn;

/**
 * The activations a dense layer's epilogue applies, and their derivatives written in terms of the
 * activation's OUTPUT (so the backward pass needs only the stored layer output): relu' = (y > 0),
 * tanh' = 1 - y², sigmoid' = y (1 - y). The forward values are {@link Fn}'s, so fused and unfused
 * code agree to the bit.
 */
public enum Activation {
    IDENTITY, RELU, TANH, SIGMOID;

    public float apply(float x) {
        return switch (this) {
            case IDENTITY -> x;
            case RELU -> Fn.relu(x);
            case TANH -> Fn.tanh(x);
            case SIGMOID -> Fn.sigmoid(x);
        };
    }

    public double apply(double x) {
        return switch (this) {
            case IDENTITY -> x;
            case RELU -> Fn.relu(x);
            case TANH -> Fn.tanh(x);
            case SIGMOID -> Fn.sigmoid(x);
        };
    }

    /** The derivative at the point whose output is {@code y}. */
    public float derivativeAt(float y) {
        return switch (this) {
            case IDENTITY -> 1;
            case RELU -> y > 0 ? 1 : 0;
            case TANH -> 1 - y * y;
            case SIGMOID -> y * (1 - y);
        };
    }

    /** The derivative at the point whose output is {@code y}. */
    public double derivativeAt(double y) {
        return switch (this) {
            case IDENTITY -> 1;
            case RELU -> y > 0 ? 1 : 0;
            case TANH -> 1 - y * y;
            case SIGMOID -> y * (1 - y);
        };
    }
}
