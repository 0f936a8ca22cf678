package dev.gradus.gradle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.compiler.GeneratedAnnotation;
import dev.gradus.compiler.emit.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task's work without Gradle: packages from folders, every diagnostic at once, a clean output folder. */
class GenerationTest {
    static final String SCALAR = """
            model Scalar {
                input  x
                target y
                param  w = 1.0
                loss = (w * x - y) ** 2
                train { optimizer = sgd(lr = 0.1) batch = 1 epochs = 1 }
            }
            """;

    @Test
    void eachFileBecomesTrainersInThePackageOfItsFolder(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/demo/models"));
        Files.writeString(src.resolve("scalar.net"), SCALAR);
        Files.writeString(tmp.resolve("src/top.net"), SCALAR.replace("Scalar", "Top"));
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("old"));
        Files.writeString(out.resolve("old/Stale.java"), "class Stale {}");
        var written = Generation.run(tmp.resolve("src"), out, null, Precision.FLOAT, GeneratedAnnotation.JDK);
        assertThat(written).containsExactlyInAnyOrder(out.resolve("demo/models/Scalar.java"), out.resolve("Top.java"));
        assertThat(Files.readString(out.resolve("demo/models/Scalar.java"))).startsWith("package demo.models;")
                .contains("public final class Scalar").contains("@Generated(").contains("float[]");
        assertThat(out.resolve("old")).as("no class outlives its .net file").doesNotExist();

        Generation.run(tmp.resolve("src"), out, "p.q", Precision.DOUBLE, GeneratedAnnotation.NONE);
        assertThat(Files.readString(out.resolve("p/q/Scalar.java"))).startsWith("package p.q;").doesNotContain("@Generated")
                .contains("double[]");
        assertThat(out.resolve("demo")).doesNotExist();
    }

    @Test
    void everyErrorIsReportedAndNothingIsWritten(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.net"), SCALAR.replace("w * x", "v * x"));
        Files.writeString(src.resolve("b.net"), SCALAR);
        Files.writeString(src.resolve("c.net"), SCALAR);
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> Generation.run(src, out, null, Precision.FLOAT, GeneratedAnnotation.JDK))
                .isInstanceOf(Generation.Failure.class)
                .hasMessageContaining(src.resolve("a.net") + ":5:").hasMessageContaining("error:").hasMessageContaining("^")
                .hasMessageContaining(src.resolve("c.net") + ": error: model Scalar would be class Scalar, which " + src.resolve("b.net"))
                .hasMessageNotContaining("Exception");
        assertThat(out).doesNotExist();
    }

    @Test
    void aFolderThatIsNoPackageAndAMissingSourceFolder(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/my-models"));
        Files.writeString(src.resolve("s.net"), SCALAR);
        assertThatThrownBy(() -> Generation.run(tmp.resolve("src"), tmp.resolve("out"), null, Precision.FLOAT, GeneratedAnnotation.JDK))
                .hasMessageContaining("is not a Java package name ('my-models')");
        assertThatThrownBy(() -> Generation.run(tmp.resolve("src"), tmp.resolve("out"), "class.x", Precision.FLOAT, GeneratedAnnotation.JDK))
                .hasMessageContaining("packageName 'class.x' is not a Java package name");
        assertThat(Generation.run(tmp.resolve("none"), tmp.resolve("out"), null, Precision.FLOAT, GeneratedAnnotation.JDK)).isEmpty();
    }
}
