package dev.gradus.compiler.check;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Init;
import dev.gradus.compiler.ir.OptimizerConfig;
import dev.gradus.compiler.ir.TrainConfig;
import dev.gradus.compiler.diag.Diagnostics;
import dev.gradus.compiler.diag.Position;
import dev.gradus.compiler.ir.Binary;
import dev.gradus.compiler.ir.Graph;
import dev.gradus.compiler.ir.Index;
import dev.gradus.compiler.ir.LinAlg;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Op;
import dev.gradus.compiler.ir.Parametric;
import dev.gradus.compiler.ir.Pick;
import dev.gradus.compiler.ir.Reduce;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.ir.ShapeException;
import dev.gradus.compiler.ir.Unary;
import dev.gradus.compiler.ir.VectorOp;
import dev.gradus.compiler.parse.Ast;
import dev.gradus.compiler.parse.Ast.Expr;
import dev.gradus.compiler.parse.AstPrinter;
import dev.gradus.compiler.simplify.Simplifier;
import java.util.ArrayList;
import javax.lang.model.SourceVersion;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The second pass: resolves names, checks every operation's shapes and every setting, and builds
 * the typed IR of each model. Reports every error it finds; a failed subexpression does not
 * cause a cascade of further errors.
 */
public final class Checker {

    private final Diagnostics diagnostics;

    public Checker(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Checks every model of a file; returns those without errors (all errors are in the diagnostics). */
    public List<CheckedModel> check(Ast.SourceFile file) {
        List<CheckedModel> models = new ArrayList<>();
        Map<String, Position> seen = new HashMap<>();
        for (Ast.Model m : file.models()) {
            Position first = seen.putIfAbsent(m.name(), m.pos());
            if (first != null) {
                diagnostics.error(m.pos(), "model '" + m.name() + "' is already defined at line " + first.line());
            }
            String notAClass = javaClassProblem(m.name());
            if (notAClass != null) {
                diagnostics.error(m.pos(), "model name '" + abbreviated(m.name()) + "' " + notAClass);
                continue;
            }
            int before = diagnostics.errors().size();
            CheckedModel checked = new ModelChecker(diagnostics, file, m).check();
            if (diagnostics.errors().size() == before && checked != null) {
                models.add(checked);
            }
        }
        if (file.models().isEmpty()) {
            diagnostics.error(new Position(1, 1), "no model in this file; expected 'model NAME { ... }'");
        }
        return models;
    }

    /** The longest model name: a class file's name must fit the file systems' 255 bytes, with room for nested names. */
    static final int MAX_MODEL_NAME = 200;

    /**
     * Why a model name cannot name the generated Java class, or null if it can. Models keep their
     * names in Java, so a keyword or restricted identifier is an error here rather than a renamed class.
     */
    private static String javaClassProblem(String name) {
        if (SourceVersion.isKeyword(name, SourceVersion.RELEASE_17) || name.equals("_")) {
            return "is a Java keyword; the generated trainer is a Java class named after its model, so choose another name";
        }
        if (List.of("var", "yield", "record", "sealed", "permits").contains(name)) {
            return "is reserved by Java for other uses and cannot name the generated trainer class; choose another name";
        }
        if (name.length() > MAX_MODEL_NAME) {
            return "is " + name.length() + " characters long; model names have at most " + MAX_MODEL_NAME
                    + " (the generated class file is named after it)";
        }
        return null;
    }

    private static String abbreviated(String name) {
        return name.length() > 40 ? name.substring(0, 37) + "..." : name;
    }
}
