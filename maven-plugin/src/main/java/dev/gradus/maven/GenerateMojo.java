package dev.gradus.maven;

import com.palantir.javapoet.JavaFile;
import dev.gradus.compiler.Compiler;
import dev.gradus.compiler.diag.CompileException;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Generates a trainer for every model of every {@code .net} file under {@code sourceDirectory}.
 * The package comes from the folder a file sits in below the source directory (as with
 * antlr4-maven-plugin) unless {@code packageName} is given. Only stale files are regenerated.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project.basedir}/src/main/gradus")
    private File sourceDirectory;

    @Parameter(defaultValue = "${project.build.directory}/generated-sources/gradus")
    private File outputDirectory;

    @Parameter
    private String packageName;

    @Parameter(defaultValue = "float")
    private String precision;

    @Parameter
    private List<String> includes = new ArrayList<>(List.of("**/*.net"));

    @Parameter
    private List<String> excludes = new ArrayList<>();

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (!precision.equals("float") && !precision.equals("double")) {
            throw new MojoExecutionException("precision must be float or double, found '" + precision + "'");
        }
        project.addCompileSourceRoot(outputDirectory.getPath());
        Path root = sourceDirectory.toPath();
        if (!Files.isDirectory(root)) {
            getLog().info("No .net files: " + root + " does not exist");
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(p -> matches(root.relativize(p))).sorted().toList();
        } catch (IOException e) {
            throw new MojoExecutionException("cannot list " + root, e);
        }
        String fingerprint = fingerprint();
        StringBuilder errors = new StringBuilder();
        int generated = 0;
        for (Path file : files) {
            Path relative = root.relativize(file);
            String pkg = packageName != null ? packageName
                    : relative.getParent() == null ? "" : relative.getParent().toString().replace(File.separatorChar, '.');
            // One stamp per file and package, so several executions (float and double, say) can share an output folder.
            Path stamp = outputDirectory.toPath().resolve(".stamps").resolve(pkg.isEmpty() ? "_" : pkg).resolve(relative + ".stamp");
            try {
                String expected = fingerprint + " " + pkg + " " + Files.getLastModifiedTime(file).toMillis();
                if (Files.exists(stamp) && Files.readString(stamp).equals(expected)) {
                    continue;
                }
                String text = Files.readString(file, StandardCharsets.UTF_8);
                List<JavaFile> out = Compiler.compile(new Source(file.toString(), text), pkg, Precision.parse(precision));
                for (JavaFile j : out) {
                    j.writeToPath(outputDirectory.toPath());
                }
                Files.createDirectories(stamp.getParent());
                Files.writeString(stamp, expected);
                generated++;
            } catch (CompileException e) {
                errors.append(e.render());
            } catch (IOException e) {
                throw new MojoExecutionException("cannot generate from " + file + ": " + e.getMessage(), e);
            }
        }
        if (errors.length() > 0) {
            getLog().error("\n" + errors);
            throw new MojoFailureException("gradus: errors in .net files:\n" + errors);
        }
        getLog().info(generated == 0 ? "Gradus trainers are up to date (" + files.size() + " files)"
                : "Generated trainers from " + generated + " of " + files.size() + " .net files into " + outputDirectory);
    }

    /** What the output depends on besides the .net file: the precision and the compiler build itself. */
    private String fingerprint() throws MojoExecutionException {
        try {
            Path compiler = Path.of(Compiler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            long stamp;
            try (Stream<Path> walk = Files.walk(compiler)) {
                stamp = walk.filter(Files::isRegularFile).mapToLong(p -> {
                    try {
                        return Files.getLastModifiedTime(p).toMillis() ^ Files.size(p);
                    } catch (IOException e) {
                        return 0;
                    }
                }).sum();
            }
            return precision + " " + stamp;
        } catch (IOException | java.net.URISyntaxException e) {
            throw new MojoExecutionException("cannot locate the Gradus compiler", e);
        }
    }

    private boolean matches(Path relative) {
        return anyMatch(includes, relative) && !anyMatch(excludes, relative);
    }

    private static boolean anyMatch(List<String> globs, Path relative) {
        for (String g : globs) {
            PathMatcher m = relative.getFileSystem().getPathMatcher("glob:" + g);
            if (m.matches(relative) || (g.startsWith("**/") && relative.getFileSystem().getPathMatcher("glob:" + g.substring(3)).matches(relative))) {
                return true;
            }
        }
        return false;
    }
}
