package dev.gradus.compiler.eval;

import dev.gradus.compiler.ir.Shape;
import java.util.Arrays;

/** A dense value of one example, row-major. */
public record Tensor(Shape shape, double[] data) {

    public static Tensor scalar(double v) {
        return new Tensor(Shape.SCALAR, new double[] {v});
    }

    public static Tensor filled(Shape shape, double v) {
        double[] d = new double[shape.size()];
        Arrays.fill(d, v);
        return new Tensor(shape, d);
    }

    public double get(int i, int j) {
        return data[i * shape.cols() + j];
    }

    public double item() {
        return data[0];
    }

    /** {@code 1.5}, {@code [1, 2]} or {@code [[1, 2], [3, 4]]}, numbers printed briefly. */
    @Override
    public String toString() {
        if (shape.isScalar()) {
            return format(data[0]);
        }
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < shape.rows(); i++) {
            if (i > 0) {
                s.append(", ");
            }
            if (shape.isVector()) {
                s.append(format(data[i]));
            } else {
                s.append('[');
                for (int j = 0; j < shape.cols(); j++) {
                    s.append(j > 0 ? ", " : "").append(format(get(i, j)));
                }
                s.append(']');
            }
        }
        return s.append(']').toString();
    }

    public static String format(double v) {
        return dev.gradus.compiler.ir.Shape.number(v);
    }
}
