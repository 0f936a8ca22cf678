package dev.gradus.benchmarks;

import dev.gradus.runtime.kernel.Activation;
import dev.gradus.runtime.kernel.KernelSelector;
import dev.gradus.runtime.kernel.Kernels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One dense layer's training work (forward with bias and ReLU, activation derivative, weight
 * gradient, bias gradient, input gradient) for a batch, {@code width} inputs and outputs: where do
 * the GEMM kernels overtake the example-by-example loops that generated code runs today? Compare
 * {@code impl=examples} (matrix-vector loops per example, as the trainers are written now) with the
 * kernels: {@code plain}, {@code vector256}, {@code vector512} (when the CPU has them; otherwise
 * that row measures the plain kernels and says so in its name). The forward product runs as the
 * trainers run it: where the kernels compute it faster on W's transposed copy
 * ({@link Kernels#transposedForward()}: the plain loops), the copy is refreshed and used, its cost
 * included. Score: layer steps per second; GFLOP/s = score x batch x 6 x width² / 1e9. Plain against
 * vector on a hidden layer of an MLP:
 * <pre>java -jar benchmarks/target/benchmarks.jar KernelBenchmark -f 1 -wi 2 -i 3 -w 1 -r 1</pre>
 * <pre>java -jar benchmarks/target/benchmarks.jar KernelBenchmark -p width=128,512 -p batch=64 -p impl=plain,vector512</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBenchmark {
    @Param({"16", "32", "64", "128", "512"})
    public int width;

    @Param({"16", "32", "64"})
    public int batch;

    @Param({"examples", "plain", "vector256", "vector512"})
    public String impl;

    private Kernels kernels;
    private float[] x;
    private float[] w;
    private float[] wt;
    private float[] b;
    private float[] y;
    private float[] dy;
    private float[] g;
    private float[] dx;
    private float[] dw;
    private float[] db;

    @Setup
    public void setUp() {
        kernels = impl.equals("examples") ? null : KernelSelector.byName(impl);
        if (kernels == null && !impl.equals("examples")) {
            System.err.println(impl + " is not available on this JVM or CPU: measuring plain");
            kernels = KernelSelector.byName("plain");
        }
        x = fill(batch * width, 3);
        w = fill(width * width, 5);
        wt = new float[width * width];
        b = fill(width, 7);
        y = new float[batch * width];
        dy = fill(batch * width, 11);
        g = new float[batch * width];
        dx = new float[batch * width];
        dw = new float[width * width];
        db = new float[width];
    }

    private static float[] fill(int n, int seed) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = ((i * seed * 7919) % 201 - 100) / 400f;
        }
        return a;
    }

    @Benchmark
    public float layer() {
        int n = width;
        if (kernels != null) {
            if (kernels.transposedForward()) {
                for (int o0 = 0; o0 < n; o0 += 8) { // as generated trainers transpose: eight rows of W at a time
                    for (int i = 0; i < n; i++) {
                        for (int o = o0; o < Math.min(o0 + 8, n); o++) {
                            wt[i * n + o] = w[o * n + i];
                        }
                    }
                }
                kernels.inputGradient(batch, n, n, x, 0, n, wt, 0, n, y, 0, n, false);
                for (int e = 0; e < batch; e++) {
                    for (int o = 0; o < n; o++) {
                        y[e * n + o] = Math.max(y[e * n + o] + b[o], 0);
                    }
                }
            } else {
                kernels.forward(batch, n, n, x, 0, n, w, 0, n, b, 0, Activation.RELU, y, 0, n);
            }
            kernels.activationBackward(batch, n, Activation.RELU, y, 0, n, dy, 0, n, g, 0, n);
            kernels.weightGradient(batch, n, n, g, 0, n, x, 0, n, 1f / batch, dw, 0, n, false);
            kernels.sumRows(batch, n, g, 0, n, 1f / batch, db, 0, false);
            kernels.inputGradient(batch, n, n, g, 0, n, w, 0, n, dx, 0, n, false);
            return dx[0] + dw[0];
        }
        java.util.Arrays.fill(dw, 0);
        java.util.Arrays.fill(db, 0);
        for (int e = 0; e < batch; e++) {
            int row = e * n;
            for (int o = 0; o < n; o++) {
                float s = b[o];
                for (int i = 0; i < n; i++) {
                    s += w[o * n + i] * x[row + i];
                }
                y[row + o] = s > 0 ? s : 0;
            }
            for (int o = 0; o < n; o++) {
                float go = y[row + o] > 0 ? dy[row + o] : 0;
                g[row + o] = go;
                db[o] += go;
                for (int i = 0; i < n; i++) {
                    dw[o * n + i] += go * x[row + i];
                }
            }
            for (int i = 0; i < n; i++) {
                float s = 0;
                for (int o = 0; o < n; o++) {
                    s += g[row + o] * w[o * n + i];
                }
                dx[row + i] = s;
            }
        }
        float scale = 1f / batch;
        for (int i = 0; i < dw.length; i++) {
            dw[i] *= scale;
        }
        for (int o = 0; o < n; o++) {
            db[o] *= scale;
        }
        return dx[0] + dw[0];
    }
}
