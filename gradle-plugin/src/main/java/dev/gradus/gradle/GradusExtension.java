package dev.gradus.gradle;

import org.gradle.api.provider.Property;

/**
 * The {@code gradus { }} block: settings every {@code gradusGenerate} task starts from (each task's own
 * properties can still be set).
 *
 * <pre>
 * gradus {
 *     precision = 'double'            // float (default) or double
 *     packageName = 'demo.models'     // default: the folder below src/SET/gradus
 *     generatedAnnotation = 'none'    // auto (default), jdk or none
 * }
 * </pre>
 */
public abstract class GradusExtension {
    /** {@code float} or {@code double}: the element type of the generated trainers. */
    public abstract Property<String> getPrecision();

    /** The package of every generated class; by default the folder of each {@code .net} file. */
    public abstract Property<String> getPackageName();

    /** {@code auto}, {@code jdk} or {@code none}: whether classes carry {@code @javax.annotation.processing.Generated}. */
    public abstract Property<String> getGeneratedAnnotation();
}
