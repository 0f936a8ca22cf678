package dev.gradus.cli;

import com.palantir.javapoet.JavaFile;
import dev.gradus.compiler.Compiler;
import dev.gradus.compiler.emit.Precision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "compile", mixinStandardHelpOptions = true, description = "Write the generated Java sources of every model.")
final class CompileCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE.net")
    List<Path> files;

    @Option(names = "-d", required = true, paramLabel = "DIR", description = "output folder (a source root)")
    Path dir;

    @Option(names = "--package", paramLabel = "PKG", defaultValue = "")
    String packageName;

    @Option(names = "--precision", paramLabel = "float|double", defaultValue = "float")
    String precision;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Precision p = Options.precision(spec, precision);
        JavaSources.checkFolder(spec, dir);
        JavaSources.checkPackage(spec, packageName);
        List<JavaFile> all = new ArrayList<>();
        for (Path f : files) {
            all.addAll(Compiler.compile(Models.read(f), packageName, p)); // nothing is written if any file fails
        }
        for (JavaFile j : all) {
            Path written = JavaSources.write(dir, j);
            spec.commandLine().getOut().println("wrote " + written);
        }
        return 0;
    }
}
