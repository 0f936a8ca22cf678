package dev.gradus.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.build.BuildContext;

/**
 * Generates trainers from the {@code .net} files under {@code testSourceDirectory} and adds them to the
 * test sources, for models that only tests use. Skipped with {@code maven.test.skip} as well.
 */
@Mojo(name = "generate-test", defaultPhase = LifecyclePhase.GENERATE_TEST_SOURCES, threadSafe = true)
public final class GenerateTestMojo extends AbstractGradusMojo {

    /** Where the test {@code .net} files are. */
    @Parameter(property = "gradus.testSourceDirectory", defaultValue = "${project.basedir}/src/test/gradus")
    private File testSourceDirectory;

    /** Where the generated test sources go (a test source root of the build). */
    @Parameter(property = "gradus.testOutputDirectory", defaultValue = "${project.build.directory}/generated-test-sources/gradus")
    private File testOutputDirectory;

    /** Maven's switch for not compiling tests at all; no test trainers are generated then. */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    private boolean skipTests;

    @Inject
    public GenerateTestMojo(BuildContext buildContext, org.sonatype.plexus.build.incremental.BuildContext legacy) {
        super(buildContext, legacy);
    }

    @Override
    File sourceDirectory() {
        return testSourceDirectory;
    }

    @Override
    File outputDirectory() {
        return testOutputDirectory;
    }

    @Override
    List<String> moduleSourceRoots() {
        // Tests of a named module compile patched into it (or as a module of their own).
        List<String> roots = new ArrayList<>(project.getTestCompileSourceRoots());
        roots.addAll(project.getCompileSourceRoots());
        return roots;
    }

    @Override
    void addSourceRoot(String path) {
        project.addTestCompileSourceRoot(path);
    }

    @Override
    String skipReason() {
        return skipTests ? "maven.test.skip is set" : super.skipReason();
    }
}
