package dev.gradus.gradle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gradle.api.Project;
import org.gradle.api.Task;
import org.gradle.api.tasks.SourceSetContainer;
import org.gradle.testfixtures.ProjectBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin in a real Gradle project model (ProjectBuilder, in-process; not a Gradle distribution):
 * a task per source set, its folder a source folder that compileJava depends on, the inputs and outputs
 * Gradle's up-to-date check compares, and the task's action.
 */
class GradusPluginTest {

    private static Project project(Path dir) {
        ProjectBuilder builder = ProjectBuilder.builder().withProjectDir(dir.toFile());
        String home = System.getProperty("gradus.gradle.userHome");
        if (home != null) {
            builder.withGradleUserHomeDir(new File(home));
        }
        Project project = builder.build();
        project.getPluginManager().apply("java");
        project.getPluginManager().apply("dev.gradus");
        return project;
    }

    @Test
    void everySourceSetGetsATaskThatCompileJavaRunsFirst(@TempDir Path tmp) throws Exception {
        Project project = project(tmp);
        SourceSetContainer sets = project.getExtensions().getByType(SourceSetContainer.class);
        sets.create("integration");
        GradusGenerate main = (GradusGenerate) project.getTasks().getByName("gradusGenerate");
        GradusGenerate test = (GradusGenerate) project.getTasks().getByName("gradusGenerateTest");
        assertThat(project.getTasks().findByName("gradusGenerateIntegration")).isInstanceOf(GradusGenerate.class);
        assertThat(main.getGroup()).isEqualTo("gradus");

        File mainOut = tmp.resolve("build/generated/sources/gradus/main").toFile();
        assertThat(main.getOutputDirectory().get().getAsFile()).isEqualTo(mainOut);
        assertThat(main.getSourceDirectory().get().getAsFile()).isEqualTo(tmp.resolve("src/main/gradus").toFile());
        assertThat(test.getOutputDirectory().get().getAsFile()).isEqualTo(tmp.resolve("build/generated/sources/gradus/test").toFile());
        assertThat(sets.getByName("main").getJava().getSrcDirs()).contains(mainOut);

        Task compileJava = project.getTasks().getByName("compileJava");
        assertThat(dependencies(compileJava)).contains(main).doesNotContain(test);
        Task compileTestJava = project.getTasks().getByName("compileTestJava");
        assertThat(dependencies(compileTestJava)).contains(test);
    }

    private static java.util.Set<Task> dependencies(Task task) {
        return new java.util.HashSet<>(task.getTaskDependencies().getDependencies(task));
    }

    @Test
    void theNetFilesAreInputsTheFolderIsTheOutputAndTheActionGenerates(@TempDir Path tmp) throws Exception {
        Project project = project(tmp);
        Path models = Files.createDirectories(tmp.resolve("src/main/gradus/demo"));
        Files.writeString(models.resolve("scalar.net"), GenerationTest.SCALAR);
        Files.writeString(models.resolve("notes.txt"), "not a model");
        Path java = Files.createDirectories(tmp.resolve("src/main/java"));
        Files.writeString(java.resolve("module-info.java"), "module demo { requires dev.gradus.runtime; }\n");
        project.getExtensions().getByType(GradusExtension.class).getPrecision().set("double");

        GradusGenerate task = (GradusGenerate) project.getTasks().getByName("gradusGenerate");
        assertThat(task.getInputs().getSourceFiles().getFiles()).containsExactly(models.resolve("scalar.net").toFile());
        assertThat(task.getInputs().getFiles().getFiles()).contains(java.resolve("module-info.java").toFile())
                .doesNotContain(models.resolve("notes.txt").toFile());
        assertThat(task.getInputs().getProperties()).containsEntry("precision", "double").containsEntry("generatedAnnotation", "auto");
        assertThat(task.getOutputs().getFiles().getFiles()).containsExactly(tmp.resolve("build/generated/sources/gradus/main").toFile());

        task.generate();
        Path generated = tmp.resolve("build/generated/sources/gradus/main/demo/Scalar.java");
        assertThat(generated).isRegularFile();
        // auto: the module does not read java.compiler, so no @Generated; the extension's precision.
        assertThat(Files.readString(generated)).startsWith("package demo;").doesNotContain("@Generated").contains("double[]");
    }
}
