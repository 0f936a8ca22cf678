package dev.gradus.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A trainer's transposed copy of W, a range of its rows at a time, in both precisions and on every
 * kernel set: the vector kernels' blocks of rows transposed in registers, their scalar edges, and
 * nothing written outside the range.
 */
class TransposeKernelTest {

    static Stream<Arguments> implementations() {
        return KernelSelector.allForTesting().stream().map(k -> Arguments.of(k.name(), k));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void columnsBecomeRows(String name, Kernels k) {
        int[][] shapes = {{32, 64, 0, 64}, {32, 64, 16, 20}, {10, 32, 0, 32}, {10, 32, 3, 17}, {17, 40, 5, 33}, {1, 7, 0, 7}, {64, 784, 96, 200}};
        for (int[] shape : shapes) {
            int rows = shape[0];
            int cols = shape[1];
            int from = shape[2];
            int to = shape[3];
            float[] a = new float[rows * cols];
            double[] ad = new double[rows * cols];
            for (int i = 0; i < a.length; i++) {
                a[i] = i * 0.25f - 7;
                ad[i] = a[i];
            }
            float[] t = new float[rows * cols];
            double[] td = new double[rows * cols];
            java.util.Arrays.fill(t, -1);
            java.util.Arrays.fill(td, -1);
            k.transpose(rows, to - from, a, from, cols, t, from * rows);
            k.transpose(rows, to - from, ad, from, cols, td, from * rows);
            for (int j = 0; j < cols; j++) {
                for (int i = 0; i < rows; i++) {
                    boolean inside = j >= from && j < to;
                    String what = String.format("%s, %d x %d, rows %d..%d of the copy: element (%d, %d)", name, rows, cols, from, to, j, i);
                    assertThat(t[j * rows + i]).as(what).isEqualTo(inside ? a[i * cols + j] : -1);
                    assertThat(td[j * rows + i]).as(what + " in double").isEqualTo(inside ? ad[i * cols + j] : -1);
                }
            }
        }
    }
}
