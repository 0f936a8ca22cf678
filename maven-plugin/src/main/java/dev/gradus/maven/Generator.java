package dev.gradus.maven;

import com.palantir.javapoet.JavaFile;
import dev.gradus.compiler.Compiler;
import dev.gradus.compiler.Frontend;
import dev.gradus.compiler.GeneratedAnnotation;
import dev.gradus.compiler.diag.CompileException;
import dev.gradus.compiler.diag.Diagnostic;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.codehaus.plexus.build.BuildContext;

/**
 * One generation run over a source folder: regenerates the {@code .net} files whose content or settings
 * changed, refuses two models that would make the same class, writes only files whose text changed,
 * deletes what files that are gone had generated, and records it all in a {@link GenerationState}.
 */
final class Generator {
    private final Log log;
    private final BuildContext buildContext;
    private final boolean markers;
    private final Precision precision;
    private final Charset charset;
    private final String packageName;
    private final GeneratedAnnotation annotation;

    /** A .net file as found in the source folder this run. */
    private record Input(Path file, String relative, String pkg, byte[] bytes, String key) {}

    /** {@code markers}: put diagnostics on the .net files through the build context (in an IDE). */
    Generator(Log log, BuildContext buildContext, boolean markers, Precision precision, Charset charset, String packageName,
            GeneratedAnnotation annotation) {
        this.log = log;
        this.buildContext = buildContext;
        this.markers = markers;
        this.precision = precision;
        this.charset = charset;
        this.packageName = packageName;
        this.annotation = annotation;
    }

    void run(Path sourceRoot, Globs globs, Path outputRoot, Path stateFile) throws MojoExecutionException, MojoFailureException {
        GenerationState old = GenerationState.load(stateFile);
        Map<String, GenerationState.Entry> next = new LinkedHashMap<>();
        Map<String, List<JavaFile>> fresh = new LinkedHashMap<>();
        Map<String, Input> inputs = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        String settings = Fingerprint.of(precision, charset, annotation);
        for (Path file : list(sourceRoot, globs)) {
            Input in = read(sourceRoot, file, settings);
            if (!in.pkg().isEmpty() && !javax.lang.model.SourceVersion.isName(in.pkg())) { // javac would fail on the generated file
                String why = packageName != null ? "packageName '" + packageName + "' is not a Java package name; give one"
                        : "its folder " + in.relative().substring(0, in.relative().lastIndexOf('/')) + " is not a Java package name ('"
                                + in.pkg() + "'): rename it (a letter or _ first, then letters, digits or _, and no Java keyword) or set packageName";
                errors.add(file + ": error: " + why);
                continue;
            }
            inputs.put(in.relative(), in);
            GenerationState.Entry previous = old.entries().get(in.relative());
            if (previous != null && previous.key().equals(in.key()) && outputsExist(outputRoot, previous)) {
                next.put(in.relative(), previous);
                continue;
            }
            if (markers) {
                buildContext.removeMessages(file.toFile());
            }
            try {
                List<GenerationState.Model> models = new ArrayList<>();
                List<JavaFile> javaFiles = new ArrayList<>();
                for (CheckedModel model : Frontend.check(new Source(file.toString(), decode(in)))) {
                    JavaFile j = Compiler.emit(model, in.pkg(), precision, annotation);
                    javaFiles.add(j);
                    models.add(new GenerationState.Model(model.name(), model.pos().line(), model.pos().column(), outputPath(j)));
                }
                next.put(in.relative(), new GenerationState.Entry(in.key(), models));
                fresh.put(in.relative(), javaFiles);
            } catch (CompileException e) {
                for (Diagnostic d : e.diagnostics()) {
                    report(file, d, errors);
                }
            }
        }
        checkDuplicates(next, inputs, errors);
        if (!errors.isEmpty()) {
            for (String e : errors) {
                log.error(e);
            }
            throw new MojoFailureException("Gradus: " + errors.size() + (errors.size() == 1 ? " error" : " errors")
                    + " in .net files (see above)");
        }
        int written = write(outputRoot, fresh);
        int removed = removeStale(outputRoot, old, next);
        try {
            new GenerationState(next).save(stateFile);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write " + stateFile + ": " + e.getMessage(), e);
        }
        int files = inputs.size();
        if (fresh.isEmpty()) {
            log.info("Gradus trainers are up to date (" + files + " files)");
        } else {
            log.info("Generated trainers from " + fresh.size() + " of " + files + " .net files into " + outputRoot
                    + " (" + written + " changed)");
        }
        if (removed > 0) {
            log.info("Removed " + removed + " generated " + (removed == 1 ? "file" : "files") + " of .net files that are gone");
        }
    }

    private List<Path> list(Path root, Globs globs) throws MojoExecutionException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(p -> globs.matches(root.relativize(p))).sorted().toList();
        } catch (IOException e) {
            throw new MojoExecutionException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private Input read(Path root, Path file, String settings) throws MojoExecutionException {
        Path relative = root.relativize(file);
        String pkg = packageName != null ? packageName
                : relative.getParent() == null ? "" : relative.getParent().toString().replace(File.separatorChar, '.');
        try {
            byte[] bytes = Files.readAllBytes(file);
            String key = Fingerprint.sha256(bytes) + "|" + pkg + "|" + settings;
            return new Input(file, relative.toString().replace(File.separatorChar, '/'), pkg, bytes, key);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private String decode(Input in) throws MojoFailureException {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(in.bytes())).toString();
        } catch (CharacterCodingException e) {
            String message = "not valid " + charset.name() + " text (set project.build.sourceEncoding or gradus.encoding)";
            if (markers) {
                buildContext.addMessage(in.file().toFile(), 1, 1, message, BuildContext.SEVERITY_ERROR, null);
            }
            throw new MojoFailureException(in.file() + ": " + message);
        }
    }

    private void report(Path file, Diagnostic d, List<String> errors) {
        errors.add(d.render());
        if (markers) {
            buildContext.addMessage(file.toFile(), d.position().line(), d.position().column(), d.message(), BuildContext.SEVERITY_ERROR, null);
        }
    }

    /** Two models (in one file or two) that would be the same class: an error at the later one, naming both. */
    private void checkDuplicates(Map<String, GenerationState.Entry> entries, Map<String, Input> inputs, List<String> errors)
            throws MojoFailureException {
        Map<String, String[]> first = new LinkedHashMap<>();
        for (Map.Entry<String, GenerationState.Entry> e : entries.entrySet()) {
            Input in = inputs.get(e.getKey());
            for (GenerationState.Model m : e.getValue().models()) {
                String at = in.file() + ":" + m.line() + ":" + m.column();
                String[] seen = first.putIfAbsent(m.output(), new String[] {m.name(), at});
                if (seen != null) {
                    String pkg = in.pkg().isEmpty() ? "the unnamed package" : "package " + in.pkg();
                    Source source = new Source(in.file().toString(), decode(in));
                    Diagnostic d = new Diagnostic(source, new dev.gradus.compiler.diag.Position(m.line(), m.column()),
                            "model '" + m.name() + "' is also declared at " + seen[1] + "; both would generate "
                                    + m.output() + " in " + pkg);
                    report(in.file(), d, errors);
                }
            }
        }
    }

    private static String outputPath(JavaFile j) {
        String dir = j.packageName().isEmpty() ? "" : j.packageName().replace('.', '/') + "/";
        return dir + j.typeSpec().name() + ".java";
    }

    private static boolean outputsExist(Path outputRoot, GenerationState.Entry entry) {
        return entry.models().stream().allMatch(m -> Files.isRegularFile(outputRoot.resolve(m.output())));
    }

    /** Writes each generated class whose text differs from what is on disk; returns how many it wrote. */
    private int write(Path outputRoot, Map<String, List<JavaFile>> fresh) throws MojoExecutionException {
        int written = 0;
        for (List<JavaFile> javaFiles : fresh.values()) {
            for (JavaFile j : javaFiles) {
                Path target = outputRoot.resolve(outputPath(j));
                byte[] text = j.toString().getBytes(charset);
                try {
                    if (Files.isRegularFile(target) && java.util.Arrays.equals(Files.readAllBytes(target), text)) {
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    try (OutputStream out = buildContext.newFileOutputStream(target.toFile())) {
                        out.write(text);
                    }
                    written++;
                } catch (IOException e) {
                    throw new MojoExecutionException("cannot write " + target + ": " + e.getMessage(), e);
                }
            }
        }
        return written;
    }

    /** Deletes the generated files that no .net file generates any more, and folders that are left empty. */
    private int removeStale(Path outputRoot, GenerationState old, Map<String, GenerationState.Entry> next)
            throws MojoExecutionException {
        Set<String> wanted = new LinkedHashSet<>();
        next.values().forEach(e -> e.models().forEach(m -> wanted.add(m.output())));
        int removed = 0;
        for (GenerationState.Entry e : old.entries().values()) {
            for (GenerationState.Model m : e.models()) {
                if (wanted.contains(m.output())) {
                    continue;
                }
                Path stale = outputRoot.resolve(m.output()).normalize();
                try {
                    if (stale.startsWith(outputRoot) && Files.deleteIfExists(stale)) {
                        removed++;
                        buildContext.refresh(stale.toFile());
                        for (Path dir = stale.getParent(); dir != null && !dir.equals(outputRoot) && dir.startsWith(outputRoot)
                                && isEmptyDirectory(dir); dir = dir.getParent()) {
                            Files.delete(dir);
                        }
                    }
                } catch (IOException ex) {
                    throw new MojoExecutionException("cannot delete " + stale + ": " + ex.getMessage(), ex);
                }
            }
        }
        return removed;
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
