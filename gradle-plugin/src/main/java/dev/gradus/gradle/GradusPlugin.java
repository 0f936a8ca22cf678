package dev.gradus.gradle;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.gradle.api.Plugin;
import org.gradle.api.Project;
import org.gradle.api.tasks.SourceSet;
import org.gradle.api.tasks.SourceSetContainer;
import org.gradle.api.tasks.TaskProvider;

/**
 * {@code plugins { id("dev.gradus") }}: with the {@code java} plugin, every source set gets a
 * {@code gradusGenerate} task ({@code gradusGenerate} for main, {@code gradusGenerateTest} for test,
 * ...) that turns {@code src/SET/gradus/**}{@code /*.net} into trainers under
 * {@code build/generated/sources/gradus/SET}, a source folder of the set, so {@code compileJava}
 * (and the IDE) sees them and runs the task first.
 */
public final class GradusPlugin implements Plugin<Project> {
    /** The task of the main source set; the others append the set's name. */
    public static final String TASK = "gradusGenerate";

    @Override
    public void apply(Project project) {
        GradusExtension extension = project.getExtensions().create("gradus", GradusExtension.class);
        extension.getPrecision().convention("float");
        extension.getGeneratedAnnotation().convention("auto");
        project.getPluginManager().withPlugin("java", java -> {
            SourceSetContainer sets = project.getExtensions().getByType(SourceSetContainer.class);
            sets.all(set -> wire(project, extension, set));
        });
    }

    static String taskName(SourceSet set) {
        String name = set.getName();
        return SourceSet.MAIN_SOURCE_SET_NAME.equals(name) ? TASK : TASK + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static void wire(Project project, GradusExtension extension, SourceSet set) {
        TaskProvider<GradusGenerate> task = project.getTasks().register(taskName(set), GradusGenerate.class, t -> {
            t.setGroup("gradus");
            t.setDescription("Generates the trainers of src/" + set.getName() + "/gradus/**/*.net.");
            t.getSourceDirectory().convention(project.getLayout().getProjectDirectory().dir("src/" + set.getName() + "/gradus"));
            t.getOutputDirectory().convention(project.getLayout().getBuildDirectory().dir("generated/sources/gradus/" + set.getName()));
            t.getPrecision().convention(extension.getPrecision());
            t.getPackageName().convention(extension.getPackageName());
            t.getGeneratedAnnotation().convention(extension.getGeneratedAnnotation());
            // Plain files (not the source set's directories, which include this task's own output).
            t.getModuleInfo().from((Callable<List<File>>) () -> {
                List<File> infos = new ArrayList<>();
                for (File dir : set.getJava().getSrcDirs()) {
                    File info = new File(dir, "module-info.java");
                    if (info.isFile()) {
                        infos.add(info);
                    }
                }
                return infos;
            });
        });
        // A source folder produced by the task: compileJava (and sourcesJar, javadoc, IDE sync) depend on it.
        set.getJava().srcDir(task.flatMap(GradusGenerate::getOutputDirectory));
    }
}
