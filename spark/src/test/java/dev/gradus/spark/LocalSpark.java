package dev.gradus.spark;

import dev.gradus.compiler.Compiler;
import dev.gradus.compiler.Frontend;
import dev.gradus.compiler.TrainerLoader;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** Spark in local mode on the loopback interface, and the example models compiled in double precision. */
final class LocalSpark {
    private LocalSpark() {}

    static SparkSession start(String master) {
        return SparkSession.builder().master(master).appName("gradus-test")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.default.parallelism", "4")
                .getOrCreate();
    }

    static Path root() {
        return Path.of(System.getProperty("gradus.root", "..")).toAbsolutePath().normalize();
    }

    static Path example(String name) {
        return root().resolve("examples").resolve(name);
    }

    static TrainerLoader.Compiled compile(Path netFile) throws IOException {
        CheckedModel model = Frontend.check(new Source(netFile.toString(), Files.readString(netFile))).get(0);
        return TrainerLoader.compile(Compiler.emit(model, "gradus.generated", Precision.DOUBLE));
    }
}
