package dev.gradus.gradle;

import dev.gradus.compiler.GeneratedAnnotation;
import dev.gradus.compiler.emit.Precision;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.gradle.api.DefaultTask;
import org.gradle.api.GradleException;
import org.gradle.api.file.ConfigurableFileCollection;
import org.gradle.api.file.DirectoryProperty;
import org.gradle.api.file.FileTree;
import org.gradle.api.model.ObjectFactory;
import org.gradle.api.provider.Property;
import org.gradle.api.tasks.CacheableTask;
import org.gradle.api.tasks.IgnoreEmptyDirectories;
import org.gradle.api.tasks.Input;
import org.gradle.api.tasks.InputFiles;
import org.gradle.api.tasks.Internal;
import org.gradle.api.tasks.Optional;
import org.gradle.api.tasks.OutputDirectory;
import org.gradle.api.tasks.PathSensitive;
import org.gradle.api.tasks.PathSensitivity;
import org.gradle.api.tasks.SkipWhenEmpty;
import org.gradle.api.tasks.TaskAction;

/**
 * Generates a trainer class for every model of every {@code .net} file below {@link #getSourceDirectory()}
 * into {@link #getOutputDirectory()}. Its inputs are the {@code .net} files (with their paths, which
 * make the packages), the settings and the {@code module-info.java} files {@code auto} reads; its output
 * is the folder, so Gradle skips it when nothing changed and restores it from the build cache.
 */
@CacheableTask
public abstract class GradusGenerate extends DefaultTask {
    private final ObjectFactory objects;

    @Inject
    public GradusGenerate(ObjectFactory objects) {
        this.objects = objects;
    }

    /** The folder of the {@code .net} files (src/SET/gradus); a missing folder generates nothing. */
    @Internal
    public abstract DirectoryProperty getSourceDirectory();

    /** The {@code .net} files below the source folder: the task's inputs. */
    @InputFiles
    @SkipWhenEmpty
    @IgnoreEmptyDirectories
    @PathSensitive(PathSensitivity.RELATIVE)
    public FileTree getModels() {
        return objects.fileTree().from(getSourceDirectory()).matching(p -> p.include("**/*.net"));
    }

    /** Where the generated sources go (build/generated/sources/gradus/SET), a source folder of the set. */
    @OutputDirectory
    public abstract DirectoryProperty getOutputDirectory();

    /** {@code float} or {@code double}. */
    @Input
    public abstract Property<String> getPrecision();

    /** The package of every class; unset: the folder below the source folder. */
    @Input
    @Optional
    public abstract Property<String> getPackageName();

    /** {@code auto}, {@code jdk} or {@code none}. */
    @Input
    public abstract Property<String> getGeneratedAnnotation();

    /** The source set's {@code module-info.java} files, which {@code auto} reads. */
    @InputFiles
    @Optional
    @PathSensitive(PathSensitivity.RELATIVE)
    public abstract ConfigurableFileCollection getModuleInfo();

    @TaskAction
    public void generate() {
        String precision = getPrecision().get();
        if (!precision.equals("float") && !precision.equals("double")) {
            throw new GradleException("gradus: precision must be float or double, found '" + precision + "'");
        }
        List<Path> moduleRoots = new ArrayList<>();
        for (File info : getModuleInfo().getFiles()) {
            moduleRoots.add(info.toPath().getParent());
        }
        GeneratedAnnotation annotation;
        try {
            annotation = GeneratedAnnotation.resolve(getGeneratedAnnotation().get(), moduleRoots);
        } catch (IllegalArgumentException e) {
            throw new GradleException("gradus: generatedAnnotation " + e.getMessage());
        }
        Path source = getSourceDirectory().get().getAsFile().toPath();
        Path output = getOutputDirectory().get().getAsFile().toPath();
        try {
            List<Path> written = Generation.run(source, output, getPackageName().getOrNull(), Precision.parse(precision), annotation);
            getLogger().info("gradus: generated {} trainer classes into {}", written.size(), output);
        } catch (Generation.Failure e) {
            getLogger().error(e.getMessage());
            throw new GradleException("gradus: the .net files have errors (see above)");
        }
    }
}
