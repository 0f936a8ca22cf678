package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.JavaFile;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.runtime.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiled trainers are cached on disk: a second load does not run javac, and concurrent or damaged entries are harmless. */
class TrainerCacheTest {
    @TempDir
    Path tmp;

    private static JavaFile emit(String example, Precision precision) throws IOException {
        Path file = Path.of("../examples", example + ".net");
        CheckedModel model = Frontend.check(new Source(file.toString(), Files.readString(file))).get(0);
        return Compiler.emit(model, "test.cached", precision);
    }

    private List<Path> entries() throws IOException {
        Path dir = tmp.resolve("trainers");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aSecondLoadOfTheSameSourceDoesNotRunJavac() throws IOException {
        TrainerCache cache = TrainerCache.in(tmp);
        JavaFile source = emit("xor_mlp", Precision.DOUBLE);
        int before = TrainerLoader.compilations();
        Trainer first = TrainerLoader.load(source, 4, cache);
        assertThat(TrainerLoader.compilations()).isEqualTo(before + 1);
        assertThat(entries()).hasSize(1).allMatch(p -> p.getFileName().toString().matches("[0-9a-f]{64}\\.zip"));
        Trainer second = TrainerLoader.load(source, 4, cache);
        assertThat(TrainerLoader.compilations()).as("javac runs for the second load").isEqualTo(before + 1);
        assertThat(second.getClass().getName()).isEqualTo(first.getClass().getName());
        assertThat(second.getClass()).isNotSameAs(first.getClass());
        double[] a = new double[first.parameterSize()];
        double[] b = new double[second.parameterSize()];
        first.getParameters(a);
        second.getParameters(b);
        assertThat(b).containsExactly(a);
        TrainerLoader.load(emit("xor_mlp", Precision.FLOAT), 4, cache);
        assertThat(TrainerLoader.compilations()).as("the float trainer is another entry").isEqualTo(before + 2);
        assertThat(entries()).hasSize(2);
    }

    @Test
    void aDamagedEntryIsRebuilt() throws IOException {
        TrainerCache cache = TrainerCache.in(tmp);
        JavaFile source = emit("simple_net", Precision.DOUBLE);
        TrainerLoader.load(source, 4, cache);
        Path entry = entries().get(0);
        byte[] good = Files.readAllBytes(entry);
        int before = TrainerLoader.compilations();
        Files.write(entry, Arrays.copyOf(good, good.length / 2)); // a run killed mid-write, on a file system without atomic moves
        assertThat(TrainerLoader.load(source, 4, cache)).isNotNull();
        assertThat(TrainerLoader.compilations()).isEqualTo(before + 1);
        assertThat(Files.readAllBytes(entry)).hasSize(good.length);
        byte[] garbled = good.clone();
        for (int i = good.length / 3; i < good.length / 3 + 64; i++) {
            garbled[i] ^= 0x5a;
        }
        Files.write(entry, garbled);
        assertThat(TrainerLoader.load(source, 4, cache)).isNotNull();
        assertThat(TrainerLoader.compilations()).isEqualTo(before + 2);
        assertThat(TrainerLoader.load(source, 4, cache)).isNotNull();
        assertThat(TrainerLoader.compilations()).as("rebuilt entry is used").isEqualTo(before + 2);
    }

    @Test
    void concurrentLoadsOfOneModelAllSucceedAndLeaveOneEntry() throws Exception {
        TrainerCache cache = TrainerCache.in(tmp);
        JavaFile source = emit("xor_sigmoid", Precision.FLOAT);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Trainer>> loads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                loads.add(() -> TrainerLoader.load(source, 4, cache));
            }
            for (Future<Trainer> f : pool.invokeAll(loads)) {
                assertThat(f.get().parameterSize()).isPositive();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(entries()).as("no temporary files left behind").hasSize(1)
                .allMatch(p -> p.getFileName().toString().endsWith(".zip"));
    }

    @Test
    void theCacheFollowsXdgUnlessAPropertyMovesOrDisablesIt() {
        String old = System.getProperty(TrainerCache.PROPERTY);
        try {
            System.setProperty(TrainerCache.PROPERTY, tmp.toString());
            assertThat(TrainerCache.standard().directory()).isEqualTo(tmp.resolve("trainers"));
            System.setProperty(TrainerCache.PROPERTY, "off");
            assertThat(TrainerCache.standard()).isNull();
            System.clearProperty(TrainerCache.PROPERTY);
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path expected = System.getenv("GRADUS_CACHE_DIR") != null ? Path.of(System.getenv("GRADUS_CACHE_DIR"), "trainers")
                    : xdg != null && !xdg.isBlank() ? Path.of(xdg, "gradus", "trainers")
                    : Path.of(System.getProperty("user.home"), ".cache", "gradus", "trainers");
            assertThat(TrainerCache.standard().directory()).isEqualTo(expected);
        } finally {
            if (old == null) {
                System.clearProperty(TrainerCache.PROPERTY);
            } else {
                System.setProperty(TrainerCache.PROPERTY, old);
            }
        }
    }
}
