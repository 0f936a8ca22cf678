package dev.gradus.gradle;

import com.palantir.javapoet.JavaFile;
import dev.gradus.compiler.Compiler;
import dev.gradus.compiler.GeneratedAnnotation;
import dev.gradus.compiler.diag.CompileException;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;

/**
 * One {@code gradusGenerate} run, without Gradle's types: every {@code .net} file below a source
 * folder becomes trainer classes in an output folder emptied first (so no class outlives its file).
 * The package is the folder below the source folder unless one is given. Every file is compiled before
 * anything is written; all diagnostics, and two models that would be one class, are reported together.
 */
final class Generation {
    private static final Pattern PACKAGE = Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*");

    /** Diagnostics of the .net files, each as {@code FILE:LINE:COL: error: MESSAGE} with its line and caret. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    private Generation() {}

    /** The {@code .net} files below {@code sourceDir}, in a stable order (none when it does not exist). */
    static List<Path> models(Path sourceDir) {
        if (!Files.isDirectory(sourceDir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(sourceDir)) {
            return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".net"))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + sourceDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Generates the trainers; returns the files written.
     *
     * @param packageName the package of every class, or null or empty for the folder of each file
     * @throws Failure with every diagnostic when a file does not compile; nothing is written then
     */
    static List<Path> run(Path sourceDir, Path outputDir, String packageName, Precision precision, GeneratedAnnotation annotation) {
        if (packageName != null && !packageName.isEmpty() && !isPackage(packageName)) {
            throw new Failure("gradus: packageName '" + packageName + "' is not a Java package name");
        }
        List<String> errors = new ArrayList<>();
        Map<String, Path> classes = new LinkedHashMap<>();
        List<JavaFile> files = new ArrayList<>();
        for (Path net : models(sourceDir)) {
            String pkg = packageName != null && !packageName.isEmpty() ? packageName : folderPackage(sourceDir, net);
            if (!pkg.isEmpty() && !isPackage(pkg)) {
                errors.add(net + ": error: the folder below " + sourceDir + " is not a Java package name ('" + pkg
                        + "'); move the file or set gradus.packageName");
                continue;
            }
            try {
                for (JavaFile j : Compiler.compile(new Source(net.toString(), read(net)), pkg, precision, annotation)) {
                    String name = j.packageName().isEmpty() ? j.typeSpec().name() : j.packageName() + "." + j.typeSpec().name();
                    Path other = classes.putIfAbsent(name, net);
                    if (other != null) {
                        errors.add(net + ": error: model " + j.typeSpec().name() + " would be class " + name
                                + ", which " + other + " also generates");
                    } else {
                        files.add(j);
                    }
                }
            } catch (CompileException e) {
                errors.add(e.render().stripTrailing());
            }
        }
        if (!errors.isEmpty()) {
            throw new Failure(String.join("\n", errors));
        }
        try {
            clean(outputDir);
            Files.createDirectories(outputDir);
            List<Path> written = new ArrayList<>();
            for (JavaFile j : files) {
                written.add(j.writeToPath(outputDir, StandardCharsets.UTF_8));
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + outputDir + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path net) {
        try {
            byte[] bytes = Files.readAllBytes(net);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Failure(net + ": error: not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + net + ": " + e.getMessage(), e);
        }
    }

    private static String folderPackage(Path sourceDir, Path net) {
        Path folder = sourceDir.relativize(net).getParent();
        if (folder == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        folder.forEach(p -> parts.add(p.toString()));
        return String.join(".", parts);
    }

    static boolean isPackage(String name) {
        if (!PACKAGE.matcher(name).matches()) {
            return false;
        }
        for (String part : name.split("\\.")) {
            if (SourceVersion.isKeyword(part)) {
                return false;
            }
        }
        return true;
    }

    private static void clean(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }
}
