package dev.gradus.maven;

import java.io.File;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.build.BuildContext;

/**
 * Generates a trainer class for every model of every {@code .net} file under {@code sourceDirectory}
 * and adds them to the main sources. The package comes from the folder a file sits in below the
 * source directory (as with antlr4-maven-plugin) unless {@code packageName} is given. Only changed
 * files are regenerated; the classes of deleted or renamed files are removed.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractGradusMojo {

    /** Where the {@code .net} files are. */
    @Parameter(property = "gradus.sourceDirectory", defaultValue = "${project.basedir}/src/main/gradus")
    private File sourceDirectory;

    /** Where the generated Java sources go (a source root of the build). */
    @Parameter(property = "gradus.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/gradus")
    private File outputDirectory;

    @Inject
    public GenerateMojo(BuildContext buildContext, org.sonatype.plexus.build.incremental.BuildContext legacy) {
        super(buildContext, legacy);
    }

    @Override
    File sourceDirectory() {
        return sourceDirectory;
    }

    @Override
    File outputDirectory() {
        return outputDirectory;
    }

    @Override
    List<String> moduleSourceRoots() {
        return project.getCompileSourceRoots();
    }

    @Override
    void addSourceRoot(String path) {
        project.addCompileSourceRoot(path);
    }
}
