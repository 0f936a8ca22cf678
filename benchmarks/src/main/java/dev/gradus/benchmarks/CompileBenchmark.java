package dev.gradus.benchmarks;

import com.palantir.javapoet.JavaFile;
import dev.gradus.compiler.Compiler;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Warm compile time of a model: .net text to Java source (parse, check, differentiate, lower, emit). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class CompileBenchmark {
    private Source source;

    @Setup
    public void setUp() throws IOException {
        try (InputStream in = CompileBenchmark.class.getResourceAsStream("/mlp256.net")) {
            source = new Source("mlp256.net", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Benchmark
    public String compile() {
        List<JavaFile> files = Compiler.compile(source, "bench", Precision.FLOAT);
        return files.get(0).toString();
    }
}
