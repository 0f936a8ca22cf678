package dev.gradus.cli;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.diag.CompileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check", mixinStandardHelpOptions = true, description = "Parse and check .net files; report every error.")
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE.net", description = "the model files to check")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<CompileException> failures = new ArrayList<>();
        int errors = 0;
        for (Path f : files) {
            try {
                List<CheckedModel> models = Models.check(f);
                spec.commandLine().getOut().println(f + ": ok (" + String.join(", ", models.stream().map(CheckedModel::name).toList()) + ")");
            } catch (CompileException e) {
                spec.commandLine().getErr().print(e.render());
                errors += e.diagnostics().size();
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            spec.commandLine().getErr().println(errors + (errors == 1 ? " error" : " errors"));
            return 1;
        }
        return 0;
    }
}
