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
        List<CheckedModel> models = file == null ? List.of() : new Checker(diagnostics).check(file);
        diagnostics.throwIfErrors();
        return models;
    }
}
