package dev.gradus.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.compiler.emit.Precision;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.LegacySupport;
import org.codehaus.plexus.build.DefaultBuildContext;
import org.codehaus.plexus.build.connect.BuildConnection;
import org.codehaus.plexus.build.connect.messages.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One generation run after another on real files, as Maven's plain build context drives it. */
class GeneratorTest {
    static final String MODEL = """
            # %s
            model %s {
                input  x[1]
                target y[1]
                param  w[1, 1]
                y_hat = w @ x
                loss = mse(y_hat, y)
            }
            """;

    @TempDir
    Path tmp;
    Path src;
    Path out;
    Path state;
    final List<String> infos = new ArrayList<>();
    final List<String> errors = new ArrayList<>();

    @BeforeEach
    void folders() throws Exception {
        src = Files.createDirectories(tmp.resolve("src/main/gradus"));
        out = tmp.resolve("target/generated-sources/gradus");
        state = tmp.resolve("target/maven-status/gradus/generate-default.state");
    }

    /** Maven's plain build: no IDE listening (plexus-build-api's connection to m2e) and no session. */
    private static final BuildConnection NO_IDE = new BuildConnection() {
        @Override
        public Message send(Message message, MavenSession session) {
            return null;
        }

        @Override
        public boolean isEnabled() {
            return false;
        }
    };

    private static final LegacySupport NO_SESSION = new LegacySupport() {
        @Override
        public void setSession(MavenSession session) {}

        @Override
        public MavenSession getSession() {
            return null;
        }

        @Override
        public org.eclipse.aether.RepositorySystemSession getRepositorySession() {
            return null;
        }
    };

    private void run(Charset charset) throws Exception {
        SystemStreamLog log = new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                infos.add(content.toString());
            }

            @Override
            public void error(CharSequence content) {
                errors.add(content.toString());
            }
        };
        new Generator(log, new DefaultBuildContext(new org.sonatype.plexus.build.incremental.DefaultBuildContext(), NO_IDE, NO_SESSION), false,
                Precision.FLOAT, charset, null, dev.gradus.compiler.GeneratedAnnotation.JDK).run(src, new Globs(List.of("**/*.net"), List.of()), out, state);
    }

    private void write(String relative, String text, Charset charset) throws Exception {
        Path file = src.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, text.getBytes(charset));
    }

    @Test
    void unchangedFilesAreNotRegeneratedAndDeletedOnesTakeTheirClassesAlong() throws Exception {
        write("demo/a.net", MODEL.formatted("first", "Alpha"), StandardCharsets.UTF_8);
        write("demo/b.net", MODEL.formatted("second", "Beta"), StandardCharsets.UTF_8);
        run(StandardCharsets.UTF_8);
        assertThat(out.resolve("demo/Alpha.java")).isRegularFile();
        assertThat(out.resolve("demo/Beta.java")).isRegularFile();
        assertThat(state).isRegularFile();
        FileTime alpha = Files.getLastModifiedTime(out.resolve("demo/Alpha.java"));

        infos.clear();
        run(StandardCharsets.UTF_8);
        assertThat(infos).containsExactly("Gradus trainers are up to date (2 files)");

        // Renaming b.net (and its model) removes Beta.java and the folder that only it used.
        write("other/c.net", MODEL.formatted("renamed", "Gamma"), StandardCharsets.UTF_8);
        Files.delete(src.resolve("demo/b.net"));
        Files.setLastModifiedTime(out.resolve("demo/Alpha.java"), FileTime.fromMillis(0));
        infos.clear();
        run(StandardCharsets.UTF_8);
        assertThat(out.resolve("demo/Beta.java")).doesNotExist();
        assertThat(out.resolve("other/Gamma.java")).isRegularFile();
        assertThat(out.resolve("demo/Alpha.java")).isRegularFile();
        assertThat(Files.getLastModifiedTime(out.resolve("demo/Alpha.java")).toMillis()).isZero(); // untouched
        assertThat(infos).contains("Removed 1 generated file of .net files that are gone");
        assertThat(alpha.toMillis()).isPositive();

        Files.delete(src.resolve("other/c.net"));
        run(StandardCharsets.UTF_8);
        assertThat(out.resolve("other")).doesNotExist();
    }

    @Test
    void aDeletedGeneratedFileIsWrittenAgain() throws Exception {
        write("a.net", MODEL.formatted("top level", "Alpha"), StandardCharsets.UTF_8);
        run(StandardCharsets.UTF_8);
        Files.delete(out.resolve("Alpha.java"));
        run(StandardCharsets.UTF_8);
        assertThat(out.resolve("Alpha.java")).isRegularFile();
    }

    @Test
    void theProjectsEncodingIsHowFilesAreRead() throws Exception {
        write("demo/a.net", MODEL.formatted("café, naïve", "Alpha"), StandardCharsets.ISO_8859_1);
        run(StandardCharsets.ISO_8859_1);
        assertThat(out.resolve("demo/Alpha.java")).isRegularFile();
        assertThatThrownBy(() -> {
            Files.delete(state);
            run(StandardCharsets.UTF_8);
        }).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining(src.resolve("demo/a.net").toString())
                .hasMessageContaining("not valid UTF-8 text (set project.build.sourceEncoding or gradus.encoding)");
    }

    /** A folder that is no Java package (my-models, class) failed only in javac, on the generated file. */
    @Test
    void aFolderThatIsNotAJavaPackageIsAnErrorAtItsFile() throws Exception {
        write("my-models/a.net", MODEL.formatted("one", "Alpha"), StandardCharsets.UTF_8);
        write("demo/class/b.net", MODEL.formatted("two", "Beta"), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> run(StandardCharsets.UTF_8)).isInstanceOf(MojoFailureException.class)
                .hasMessage("Gradus: 2 errors in .net files (see above)");
        assertThat(errors).containsExactly(
                src.resolve("demo/class/b.net") + ": error: its folder demo/class is not a Java package name ('demo.class'): rename it"
                        + " (a letter or _ first, then letters, digits or _, and no Java keyword) or set packageName",
                src.resolve("my-models/a.net") + ": error: its folder my-models is not a Java package name ('my-models'): rename it"
                        + " (a letter or _ first, then letters, digits or _, and no Java keyword) or set packageName");
        assertThat(out.resolve("my-models")).doesNotExist();
    }

    @Test
    void twoFilesDeclaringOneModelNameFailAndNothingIsWritten() throws Exception {
        write("demo/a.net", MODEL.formatted("one", "Twin"), StandardCharsets.UTF_8);
        write("demo/b.net", "\n" + MODEL.formatted("two", "Twin"), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> run(StandardCharsets.UTF_8)).isInstanceOf(MojoFailureException.class)
                .hasMessage("Gradus: 1 error in .net files (see above)");
        assertThat(out.resolve("demo/Twin.java")).doesNotExist();
        assertThat(state).doesNotExist();
        // In different packages the same name is fine.
        Files.move(src.resolve("demo/b.net"), Files.createDirectories(src.resolve("other")).resolve("b.net"));
        run(StandardCharsets.UTF_8);
        assertThat(out.resolve("demo/Twin.java")).isRegularFile();
        assertThat(out.resolve("other/Twin.java")).isRegularFile();
    }
}
