package dev.gradus.cli;

import com.palantir.javapoet.JavaFile;
import dev.gradus.compiler.Compiler;
import dev.gradus.compiler.GeneratedAnnotation;
import dev.gradus.compiler.emit.Precision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "compile", mixinStandardHelpOptions = true, description = "Write the generated Java sources of every model.")
final class CompileCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE.net", description = "the model files to compile")
    List<Path> files;

    @Option(names = "-d", required = true, paramLabel = "DIR", description = "output folder (a source root)")
    Path dir;

    @Option(names = "--package", paramLabel = "PKG", defaultValue = "", description = "the Java package of the generated classes (default: none)")
    String packageName;

    @Option(names = "--precision", paramLabel = "float|double", defaultValue = "float", description = "element type of the generated trainers (default: float)")
    String precision;

    @Option(names = "--generated-annotation", paramLabel = "auto|jdk|none", defaultValue = "auto",
            description = "@javax.annotation.processing.Generated on each class: jdk, none, or auto (default): jdk unless DIR"
                    + " holds a module-info.java that does not require java.compiler")
    String generatedAnnotation;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Precision p = Options.precision(spec, precision);
        JavaSources.checkFolder(spec, dir);
        JavaSources.checkPackage(spec, packageName);
        GeneratedAnnotation annotation;
        try {
            annotation = GeneratedAnnotation.resolve(generatedAnnotation, List.of(dir));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--generated-annotation " + e.getMessage());
        }
        List<JavaFile> all = new ArrayList<>();
        for (Path f : files) {
            all.addAll(Compiler.compile(Models.read(f), packageName, p, annotation)); // nothing is written if any file fails
        }
        for (JavaFile j : all) {
            Path written = JavaSources.write(dir, j);
            spec.commandLine().getOut().println("wrote " + written);
        }
        return 0;
    }
}
