package dev.gradus.compiler;

import dev.gradus.compiler.ir.Conv;
import dev.gradus.compiler.ir.ConvInputGrad;
import dev.gradus.compiler.ir.ConvKernelGrad;
import dev.gradus.compiler.ir.Pool;
import dev.gradus.compiler.ir.PoolGrad;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.ir.Window;
import java.util.List;

/** The window ops' sample argument shapes and the expressions of {@link RandomModels}' model that use them, for {@link OpCoverageTest}. */
final class WindowSamples {
    private WindowSamples() {}

    static Shape input(int dims) {
        return dims == 1 ? Shape.of(2, 5) : Shape.of(2, 5, 4);
    }

    static Shape kernel(int dims) {
        return dims == 1 ? Shape.of(3, 2, 3) : Shape.of(3, 2, 3, 2);
    }

    static List<Shape> args(Window w) {
        return w.accept(new Window.Visitor<List<Shape>>() {
            public List<Shape> conv(Conv c) {
                Shape k = kernel(c.dims());
                return c.bias() ? List.of(input(c.dims()), k, Shape.vector(k.dim(0))) : List.of(input(c.dims()), k);
            }

            public List<Shape> convInputGrad(ConvInputGrad c) {
                Shape k = kernel(c.dims());
                return List.of(new Conv(c.dims(), c.stride(), c.padding(), false).shape(List.of(c.input(), k)), k);
            }

            public List<Shape> convKernelGrad(ConvKernelGrad c) {
                Shape x = input(c.dims());
                return List.of(x, new Conv(c.dims(), c.stride(), c.padding(), false).shape(List.of(x, c.kernel())));
            }

            public List<Shape> pool(Pool p) {
                Shape x = input(p.dims());
                return p.kind() == Pool.Kind.AT_MAX ? List.of(x, x) : List.of(x);
            }

            public List<Shape> poolGrad(PoolGrad p) {
                Shape g = new Pool(p.kind(), p.dims(), p.k(), p.stride()).shape(List.of(p.input()));
                return p.kind() == Pool.Kind.MAX ? List.of(p.input(), g) : List.of(g);
            }
        });
    }

    /** A convolution or pooling of the model's values whose value or gradient has the op. */
    static String usage(Window w) {
        String x1 = "reshape(outer(x, p), [3, 3])";
        String x2 = "reshape(outer(x, p), [1, 3, 3])";
        return w.accept(new Window.Visitor<String>() {
            public String conv(Conv c) {
                return c.dims() == 1 ? "conv1d(" + x1 + ", reshape(outer(p, flatten(P)), [3, 3, 3]), p, stride = 2, padding = 1)"
                        : "conv2d(" + x2 + ", reshape(outer(p, flatten(P)), [3, 1, 3, 3]), p, stride = 2, padding = 1)";
            }

            public String convInputGrad(ConvInputGrad c) {
                return conv(new Conv(c.dims(), 1, 0, true));
            }

            public String convKernelGrad(ConvKernelGrad c) {
                return conv(new Conv(c.dims(), 1, 0, true));
            }

            public String pool(Pool p) {
                String kind = p.kind() == Pool.Kind.AVG ? "avg" : "max";
                return kind + "_pool" + p.dims() + "d(" + (p.dims() == 1 ? x1 : x2) + ", 2, stride = 1)";
            }

            public String poolGrad(PoolGrad p) {
                return pool(new Pool(p.kind(), p.dims(), p.k(), p.stride()));
            }
        });
    }
}
