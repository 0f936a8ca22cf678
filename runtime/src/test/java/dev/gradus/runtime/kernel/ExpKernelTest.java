package dev.gradus.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.runtime.Fn;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A float model's exps have {@link Fn#expForFloat}'s bits on every kernel set, vector lanes and scalar
 * tail alike, and so {@link Fn#exp(float)}'s once rounded: which kernels a JVM has never changes a
 * trained model's bits here.
 */
class ExpKernelTest {

    static Stream<Arguments> implementations() {
        return KernelSelector.allForTesting().stream().map(k -> Arguments.of(k.name(), k));
    }

    /** Every 4,093rd float bit pattern, then the edges: zeros, subnormals, infinities, NaN, where float and the polynomial overflow. */
    private static float[] sweep() {
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN, 88.72f, 88.73f, -87.33f, -103.97f, -104f, 700f, 700.0001f, -700f,
            -700.0001f, 709f, -709f, 1e30f, -1e30f, 0.5f, -0.5f, 0.3465736f, -0.3465736f, 1f};
        int strided = (int) ((1L << 32) / 4093) + 1;
        float[] x = new float[strided + special.length];
        long bits = 0;
        for (int i = 0; i < strided; i++, bits += 4093) {
            x[i] = Float.intBitsToFloat((int) bits);
        }
        System.arraycopy(special, 0, x, strided, special.length);
        return x;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void everyExpHasTheScalarBits(String name, Kernels k) {
        float[] x = sweep();
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
        }
        k.expForFloat(y.length, y, 0);
        for (int i = 0; i < x.length; i++) {
            boolean clamped = Math.abs(x[i]) > 700; // beyond, only the float is promised
            if (!clamped && Double.doubleToLongBits(y[i]) != Double.doubleToLongBits(Fn.expForFloat(x[i]))) {
                assertThat(y[i]).as("%s: expForFloat(%s), bits %08x", name, x[i], Float.floatToRawIntBits(x[i]))
                        .isEqualTo(Fn.expForFloat(x[i]));
            }
            if (Float.floatToIntBits((float) y[i]) != Float.floatToIntBits(Fn.exp(x[i]))) {
                assertThat((float) y[i]).as("%s: exp(%s) as float", name, x[i]).isEqualTo(Fn.exp(x[i]));
            }
        }
    }

    /**
     * A float trainer's tanh and sigmoid from the kernels' exps ({@code Fn.tanh(x, e2x)},
     * {@code Fn.sigmoidOfExp}) are {@code Fn.tanh(x)} and {@code Fn.sigmoid(x)}, clamped exps included.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void tanhAndSigmoidFromTheKernelsExpsAreTheScalarOnes(String name, Kernels k) {
        float[] x = sweep();
        double[] twice = new double[x.length];
        double[] minus = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            twice[i] = 2.0 * x[i];
            minus[i] = -(double) x[i];
        }
        k.expForFloat(x.length, twice, 0);
        k.expForFloat(x.length, minus, 0);
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToIntBits(Fn.tanh(x[i], twice[i])) != Float.floatToIntBits(Fn.tanh(x[i]))) {
                assertThat(Fn.tanh(x[i], twice[i])).as("%s: tanh(%s)", name, x[i]).isEqualTo(Fn.tanh(x[i]));
            }
            if (Float.floatToIntBits(Fn.sigmoidOfExp(minus[i])) != Float.floatToIntBits(Fn.sigmoid(x[i]))) {
                assertThat(Fn.sigmoidOfExp(minus[i])).as("%s: sigmoid(%s)", name, x[i]).isEqualTo(Fn.sigmoid(x[i]));
            }
        }
    }

    /** Every length from 0 to 70 at an odd offset: the lanes, the tail, and nothing written outside the range. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void everyLengthAndOffset(String name, Kernels k) {
        for (int n = 0; n <= 70; n++) {
            double[] y = new double[n + 9];
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) Math.sin(i * 0.7) * 6;
            }
            double[] x = y.clone();
            k.expForFloat(n, y, 3);
            for (int i = 0; i < y.length; i++) {
                boolean inside = i >= 3 && i < 3 + n;
                assertThat(y[i]).as("%s, n %d, element %d", name, n, i).isEqualTo(inside ? Fn.expForFloat(x[i]) : x[i]);
            }
        }
    }
}
