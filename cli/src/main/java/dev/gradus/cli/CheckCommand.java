package dev.gradus.cli;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.diag.CompileException;
import dev.gradus.compiler.diag.Diagnostic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check", mixinStandardHelpOptions = true, description = "Parse and check .net files; report every error.")
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE.net", description = "the model files to check")
    List<Path> files;

    @Option(names = "--json", description = "print one JSON object on standard output: each file's models or diagnostics (file, line, column, message)")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<CompileException> failures = new ArrayList<>();
        List<JsonOutput.Body> results = new ArrayList<>();
        int errors = 0;
        for (Path f : files) {
            try {
                List<CheckedModel> models = Models.check(f);
                if (json) {
                    results.add(g -> {
                        g.writeStringField("file", f.toString());
                        g.writeBooleanField("ok", true);
                        g.writeArrayFieldStart("models");
                        for (CheckedModel m : models) {
                            g.writeString(m.name());
                        }
                        g.writeEndArray();
                        g.writeArrayFieldStart("diagnostics");
                        g.writeEndArray();
                    });
                } else {
                    spec.commandLine().getOut().println(f + ": ok (" + String.join(", ", models.stream().map(CheckedModel::name).toList()) + ")");
                }
            } catch (CompileException e) {
                if (json) {
                    results.add(diagnostics(f, e.diagnostics()));
                } else {
                    spec.commandLine().getErr().print(e.render());
                }
                errors += e.diagnostics().size();
                failures.add(e);
            }
        }
        if (json) {
            int count = errors;
            spec.commandLine().getOut().println(JsonOutput.object(g -> {
                g.writeBooleanField("ok", failures.isEmpty());
                g.writeNumberField("errors", count);
                g.writeArrayFieldStart("files");
                for (JsonOutput.Body file : results) {
                    g.writeStartObject();
                    file.write(g);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }));
        }
        if (!failures.isEmpty()) {
            if (!json) {
                spec.commandLine().getErr().println(errors + (errors == 1 ? " error" : " errors"));
            }
            return 1;
        }
        return 0;
    }

    private static JsonOutput.Body diagnostics(Path f, List<Diagnostic> diagnostics) {
        return g -> {
            g.writeStringField("file", f.toString());
            g.writeBooleanField("ok", false);
            g.writeArrayFieldStart("models");
            g.writeEndArray();
            g.writeArrayFieldStart("diagnostics");
            for (Diagnostic d : diagnostics) {
                g.writeStartObject();
                g.writeStringField("file", d.source().name());
                g.writeNumberField("line", d.position().line());
                g.writeNumberField("column", d.position().column());
                g.writeStringField("severity", "error");
                g.writeStringField("message", d.message());
                g.writeEndObject();
            }
            g.writeEndArray();
        };
    }
}
