package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.JavaFile;
import dev.gradus.compiler.Compiler;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java snippets compile and run as written, against the Xor model of the plugin's
 * good-project (issue 22: its data-loading line failed for classifiers). Files the snippet names
 * with {@code Path.of("...")} are in a temporary folder; the Spark snippets need Spark, which the
 * spark module's tests run (GradusEstimatorTest builds the pipeline), and are only counted here.
 */
class ReadmeSnippetsTest {
    private static final Pattern JAVA = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theReadmesJavaSnippetsCompileAndRun(@TempDir Path tmp) throws Exception {
        String readme = Files.readString(Tools.ROOT.resolve("README.md"));
        List<String> snippets = new ArrayList<>();
        int spark = 0;
        for (Matcher m = JAVA.matcher(readme); m.find(); ) {
            if (m.group(1).contains("SparkSession") || m.group(1).contains("GradusEstimator")) {
                spark++;
            } else {
                snippets.add(m.group(1));
            }
        }
        assertThat(spark).as("the Spark snippets: the runner and the MLlib pipeline").isEqualTo(2);
        assertThat(snippets).isNotEmpty();
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        Path xor = Tools.ROOT.resolve("maven-plugin/src/it/good-project/src/main/gradus/demo/xor.net");
        for (JavaFile f : Compiler.compile(new Source(xor.toString(), Files.readString(xor)), "demo", Precision.FLOAT)) {
            f.writeTo(src);
        }
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.copy(Tools.ROOT.resolve("examples/xor.csv"), data.resolve("xor.csv"));
        List<String> files = new ArrayList<>();
        try (var s = Files.walk(src)) {
            s.filter(p -> p.toString().endsWith(".java")).forEach(p -> files.add(p.toString()));
        }
        for (int k = 0; k < snippets.size(); k++) {
            Path file = src.resolve("demo/Snippet" + k + ".java");
            Files.writeString(file, """
                    package demo;

                    import dev.gradus.runtime.*;
                    import java.nio.file.Path;
                    import java.util.ArrayList;
                    import java.util.List;

                    public final class Snippet%d {
                        public static void main(Path here) throws Exception {
                    %s
                        }
                    }
                    """.formatted(k, snippets.get(k).replace("Path.of(", "here.resolve(")));
            files.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "-proc:none", "-Xlint:all", "-Werror"));
        args.addAll(files);
        StringWriter diagnostics = new StringWriter();
        int status = javac.run(null, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                new java.io.PrintStream(new java.io.OutputStream() {
                    @Override
                    public void write(int b) {
                        diagnostics.write(b);
                    }
                }), args.toArray(new String[0]));
        assertThat(status).as(diagnostics.toString()).isZero();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            for (int k = 0; k < snippets.size(); k++) {
                Method main = loader.loadClass("demo.Snippet" + k).getMethod("main", Path.class);
                main.invoke(null, data);
            }
        }
        assertThat(data.resolve("xor.safetensors")).as("the snippet saved its parameters").isRegularFile();
    }
}
