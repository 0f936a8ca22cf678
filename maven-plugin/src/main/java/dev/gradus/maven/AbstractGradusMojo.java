package dev.gradus.maven;

import dev.gradus.compiler.GeneratedAnnotation;
import dev.gradus.compiler.emit.Precision;
import java.io.File;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.build.BuildContext;

/** What the {@code generate} and {@code generate-test} goals share: their settings and one generation run. */
abstract class AbstractGradusMojo extends AbstractMojo {

    /** The package of every generated class; by default the folder of each {@code .net} file below the source directory. */
    @Parameter(property = "gradus.packageName")
    private String packageName;

    /** {@code float} or {@code double}: the element type of the generated trainers. */
    @Parameter(property = "gradus.precision", defaultValue = "float")
    private String precision;

    /** Which files below the source directory are models (globs relative to it, comma-separated as a property). */
    @Parameter(property = "gradus.includes", defaultValue = "**/*.net")
    private List<String> includes = new ArrayList<>(List.of("**/*.net"));

    /** Files below the source directory to leave out (globs relative to it). */
    @Parameter(property = "gradus.excludes")
    private List<String> excludes = new ArrayList<>();

    /** The encoding of the {@code .net} files and of the generated sources; UTF-8 when the project sets none. */
    @Parameter(property = "gradus.encoding", defaultValue = "${project.build.sourceEncoding}")
    private String encoding;

    /**
     * {@code @javax.annotation.processing.Generated} on each class: {@code jdk}, {@code none}, or
     * {@code auto}: the JDK's annotation unless the project is a named module whose
     * {@code module-info.java} does not require {@code java.compiler} (where the annotation would not
     * compile). The class's Javadoc says it is generated either way.
     */
    @Parameter(property = "gradus.generatedAnnotation", defaultValue = "auto")
    private String generatedAnnotation;

    /** Generate nothing (the generated sources are then not added to the build either). */
    @Parameter(property = "gradus.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    private MojoExecution mojoExecution;

    private final BuildContext buildContext;
    private final boolean markers;

    /**
     * The build context is Maven's own on the command line and the IDE's in m2e (incremental builds,
     * markers). {@code legacy} is the context the new API delegates to: when it is Maven's plain one,
     * which would log each marker a second time, diagnostics are only logged, in the compiler's format.
     */
    AbstractGradusMojo(BuildContext buildContext, org.sonatype.plexus.build.incremental.BuildContext legacy) {
        this.buildContext = buildContext;
        this.markers = !(legacy instanceof org.sonatype.plexus.build.incremental.DefaultBuildContext);
    }

    abstract File sourceDirectory();

    abstract File outputDirectory();

    /** Adds the output folder to the project's main or test sources. */
    abstract void addSourceRoot(String path);

    /** The source roots whose module-info.java the generated classes join (the main ones, for tests too). */
    abstract List<String> moduleSourceRoots();

    /** Why this goal does nothing this time, or null. */
    String skipReason() {
        return skip ? "gradus.skip is set" : null;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        String reason = skipReason();
        if (reason != null) {
            getLog().info("Skipping Gradus code generation: " + reason);
            return;
        }
        Precision p = precision();
        Charset charset = charset();
        Path output = outputDirectory().toPath().toAbsolutePath();
        Path state = Path.of(project.getBuild().getDirectory(), "maven-status", "gradus",
                mojoExecution.getGoal() + "-" + mojoExecution.getExecutionId() + ".state");
        Generator generator = new Generator(getLog(), buildContext, markers, p, charset, packageName, generatedAnnotation());
        generator.run(sourceDirectory().toPath().toAbsolutePath(), new Globs(includes, excludes), output, state);
        addSourceRoot(output.toString());
    }

    private Precision precision() throws MojoExecutionException {
        if (!"float".equals(precision) && !"double".equals(precision)) {
            throw new MojoExecutionException("precision must be float or double, found '" + precision + "'");
        }
        return Precision.parse(precision);
    }

    private GeneratedAnnotation generatedAnnotation() throws MojoExecutionException {
        List<Path> roots = new ArrayList<>();
        for (String root : moduleSourceRoots()) {
            roots.add(Path.of(root));
        }
        try {
            return GeneratedAnnotation.resolve(generatedAnnotation, roots);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("generatedAnnotation " + e.getMessage());
        }
    }

    private Charset charset() throws MojoExecutionException {
        if (encoding == null || encoding.isBlank()) {
            getLog().warn("No encoding set (project.build.sourceEncoding or gradus.encoding): reading .net files as UTF-8");
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(encoding.strip());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new MojoExecutionException("unknown encoding '" + encoding + "'");
        }
    }
}
