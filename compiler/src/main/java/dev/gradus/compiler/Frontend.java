package dev.gradus.compiler;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.check.Checker;
import dev.gradus.compiler.diag.Diagnostics;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.parse.Ast;
import dev.gradus.compiler.parse.Parser;
import java.util.List;

/** Parse and check: source text to checked models, or every diagnostic. */
public final class Frontend {
    private Frontend() {}

    /** Returns the checked models; throws {@link dev.gradus.compiler.diag.CompileException} with every error. */
    public static List<CheckedModel> check(Source source) {
        Diagnostics diagnostics = new Diagnostics(source);
        Ast.SourceFile file = Parser.parse(source, diagnostics);
        List<CheckedModel> models = List.of();
        if (file != null) {
            diagnostics.stopAfter(Diagnostics.MAX_FOUND); // bounds the time spent on a file full of errors
            try {
                models = new Checker(diagnostics).check(file);
            } catch (Diagnostics.TooManyErrors e) {
                models = List.of(); // every error found so far is reported below
            }
        }
        diagnostics.throwIfErrors();
        return models;
    }
}
