package dev.gradus.benchmarks;

import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Trainer;
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
 * Training steps per second of generated trainers. Examples/s is steps/s times the batch;
 * GFLOP/s is {@link Workloads#flopsPerExample} x examples/s / 1e9 (see compare.sh, which prints both).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StepBenchmark {
    @Param({"xor", "simple_net", "mlp784", "mlp256", "mlp64"})
    public String workload;

    @Param({"float", "double"})
    public String precision;

    private Trainer trainer;
    private DataSet data;
    private int batch;
    private int batches;
    private int next;

    @Setup
    public void setUp() {
        trainer = Workloads.trainer(workload, precision);
        batch = Workloads.batch(workload);
        batches = workload.startsWith("mlp") ? 16 : 1;
        data = Workloads.data(trainer, batches * batch);
    }

    @Benchmark
    public double step() {
        int from = next * batch;
        next = next + 1 == batches ? 0 : next + 1;
        return trainer.step(data, null, from, batch);
    }
}
