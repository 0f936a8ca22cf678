package dev.gradus.compiler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a generated trainer carries {@code @javax.annotation.processing.Generated}. That annotation
 * lives in the JDK's {@code java.compiler} module: a class path build reads it, but a named module
 * reads it only when its {@code module-info.java} says {@code requires static java.compiler} (and
 * Android's library has no such class), so the build tools choose with {@link #resolve}.
 */
public enum GeneratedAnnotation {
    /** {@code @javax.annotation.processing.Generated}, naming Gradus, its version and the .net file. */
    JDK,
    /** No annotation; the class's Javadoc still says it is generated and from which file. */
    NONE;

    /** The settings' spelling: {@code auto}, {@code jdk} or {@code none}. */
    public static final List<String> CHOICES = List.of("auto", "jdk", "none");

    private static final Pattern COMMENTS = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern REQUIRES_JAVA_COMPILER =
            Pattern.compile("\\brequires\\s+(?:(?:static|transitive)\\s+)*java\\.compiler\\s*;");

    /**
     * {@code jdk} or {@code none} as given; {@code auto}: the JDK's annotation unless one of the source
     * roots the generated classes join holds a {@code module-info.java} that does not require
     * {@code java.compiler}.
     *
     * @throws IllegalArgumentException for any other value, with a message naming the choices
     */
    public static GeneratedAnnotation resolve(String choice, List<Path> sourceRoots) {
        String c = choice == null ? "auto" : choice.strip().toLowerCase(Locale.ROOT);
        return switch (c) {
            case "jdk" -> JDK;
            case "none" -> NONE;
            case "auto" -> javaCompilerReadable(sourceRoots) ? JDK : NONE;
            default -> throw new IllegalArgumentException(
                    "must be auto, jdk or none, found '" + choice + "'");
        };
    }

    /** False when a source root is a named module that does not read {@code java.compiler}. */
    static boolean javaCompilerReadable(List<Path> sourceRoots) {
        for (Path root : sourceRoots) {
            Path info = root.resolve("module-info.java");
            if (Files.isRegularFile(info)) {
                try {
                    String text = COMMENTS.matcher(Files.readString(info, StandardCharsets.UTF_8)).replaceAll(" ");
                    return REQUIRES_JAVA_COMPILER.matcher(text).find();
                } catch (IOException | RuntimeException e) {
                    return false; // unreadable: the annotation could fail the build, its absence cannot
                }
            }
        }
        return true;
    }
}
