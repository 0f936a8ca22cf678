package dev.gradus.compiler.parse;

import dev.gradus.compiler.diag.Diagnostics;
import dev.gradus.compiler.diag.Position;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The nesting limit on the tree: a chain of {@code n} binary operators ({@code a + b + ... }) is a
 * tree {@code n} deep, which every later pass walks recursively. Measured without recursion.
 */
final class TreeDepth {
    private TreeDepth() {}

    private record Pending(Ast.Expr expr, int depth) {}

    /** Reports the first expression of the file deeper than the limit; returns false if there is one. */
    static boolean check(Ast.SourceFile file, Diagnostics diagnostics) {
        boolean ok = true;
        for (Ast.Model model : file.models()) {
            for (Ast.Decl decl : model.decls()) {
                for (Ast.Expr root : roots(decl)) {
                    ok &= check(root, diagnostics);
                }
            }
        }
        return ok;
    }

    private static List<Ast.Expr> roots(Ast.Decl decl) {
        List<Ast.Expr> roots = new ArrayList<>();
        if (decl instanceof Ast.ConstDecl c) {
            roots.add(c.value());
        } else if (decl instanceof Ast.InputDecl i) {
            roots.addAll(i.dims());
        } else if (decl instanceof Ast.TargetDecl t) {
            roots.addAll(t.dims());
            if (t.classes() != null) {
                roots.add(t.classes());
            }
        } else if (decl instanceof Ast.ParamDecl p && p.init() != null) {
            roots.addAll(p.dims());
            p.init().args().forEach(a -> roots.add(a.value()));
        } else if (decl instanceof Ast.ParamDecl p) {
            roots.addAll(p.dims());
        } else if (decl instanceof Ast.LossDecl l) {
            roots.add(l.value());
        } else if (decl instanceof Ast.TrainDecl t) {
            t.settings().stream().filter(s -> s.expr() != null).forEach(s -> roots.add(s.expr()));
        } else if (decl instanceof Ast.AssignDecl a) {
            roots.add(a.value());
        }
        return roots;
    }

    private static boolean check(Ast.Expr root, Diagnostics diagnostics) {
        Deque<Pending> stack = new ArrayDeque<>();
        stack.push(new Pending(root, 1));
        while (!stack.isEmpty()) {
            Pending p = stack.pop();
            if (p.depth() > NestingLimit.MAX_DEPTH) {
                Position at = p.expr() instanceof Ast.Binary b ? b.opPos() : p.expr().pos();
                diagnostics.error(at, NestingLimit.message()
                        + "; a chain of operators nests one level per operator: split it into named values");
                return false;
            }
            int next = p.depth() + 1;
            Ast.Expr e = p.expr();
            if (e instanceof Ast.Call c) {
                c.args().forEach(a -> stack.push(new Pending(a.value(), next)));
            } else if (e instanceof Ast.Neg n) {
                stack.push(new Pending(n.operand(), next));
            } else if (e instanceof Ast.Binary b) {
                stack.push(new Pending(b.right(), next));
                stack.push(new Pending(b.left(), next));
            } else if (e instanceof Ast.Index i) {
                i.indices().forEach(x -> stack.push(new Pending(x, next)));
                stack.push(new Pending(i.target(), next));
            }
        }
        return true;
    }
}
