package dev.gradus.compiler.parse;

import dev.gradus.compiler.diag.Diagnostics;
import dev.gradus.compiler.diag.Position;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nesting limits on the tree, measured without recursion. A chain of {@code n} binary operators
 * ({@code a + b + ...}) is a tree {@code n} deep, which every later pass walks recursively: such an
 * expression may be {@link NestingLimit#MAX_DEPTH} deep. A value that uses another value is as deep,
 * for the passes that follow the graph (the differentiator, the gradient printer), as the two
 * together: counting through the values it uses, an expression may be {@link #MAX_VALUE_DEPTH} deep.
 */
final class TreeDepth {
    /** The deepest expression accepted counting through the named values it uses (v1 = f(v0), v2 = f(v1), ...). */
    static final int MAX_VALUE_DEPTH = 512;

    private TreeDepth() {}

    private record Pending(Ast.Expr expr, int depth) {}

    /** Reports the first expression of each model deeper than a limit; returns false if there is one. */
    static boolean check(Ast.SourceFile file, Diagnostics diagnostics) {
        boolean ok = true;
        for (Ast.Model model : file.models()) {
            Map<String, Integer> valueDepth = new HashMap<>();
            for (Ast.Decl decl : model.decls()) {
                int deepest = 0;
                for (Ast.Expr root : roots(decl)) {
                    int depth = depth(root, valueDepth, diagnostics);
                    if (depth < 0) {
                        return false;
                    }
                    deepest = Math.max(deepest, depth);
                }
                if (deepest > MAX_VALUE_DEPTH) {
                    diagnostics.error(decl.pos(), "expression nested too deeply counting the values it uses (limit "
                            + MAX_VALUE_DEPTH + ")");
                    ok = false;
                    break;
                }
                if (decl instanceof Ast.AssignDecl a) {
                    valueDepth.put(a.name(), deepest);
                } else if (decl instanceof Ast.ConstDecl c) {
                    valueDepth.put(c.name(), deepest);
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
            if (i.classes() != null) {
                roots.add(i.classes());
            }
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

    /**
     * The depth of {@code root} counting through the values it names, or -1 after reporting that the
     * tree itself is deeper than {@link NestingLimit#MAX_DEPTH}.
     */
    private static int depth(Ast.Expr root, Map<String, Integer> valueDepth, Diagnostics diagnostics) {
        Deque<Pending> stack = new ArrayDeque<>();
        stack.push(new Pending(root, 1));
        int deepest = 0;
        while (!stack.isEmpty()) {
            Pending p = stack.pop();
            if (p.depth() > NestingLimit.MAX_DEPTH) {
                Position at = p.expr() instanceof Ast.Binary b ? b.opPos() : p.expr().pos();
                diagnostics.error(at, NestingLimit.message()
                        + "; a chain of operators such as a + b + c nests one level per operator");
                return -1;
            }
            int next = p.depth() + 1;
            Ast.Expr e = p.expr();
            if (e instanceof Ast.Ref r) {
                deepest = Math.max(deepest, p.depth() - 1 + valueDepth.getOrDefault(r.name(), 1)); // the value in its place
            } else {
                deepest = Math.max(deepest, p.depth());
            }
            if (e instanceof Ast.Call c) {
                c.args().forEach(a -> stack.push(new Pending(a.value(), next)));
            } else if (e instanceof Ast.Neg n) {
                stack.push(new Pending(n.operand(), next));
            } else if (e instanceof Ast.Binary b) {
                stack.push(new Pending(b.right(), next));
                stack.push(new Pending(b.left(), next));
            } else if (e instanceof Ast.ListExpr l) {
                l.elements().forEach(x -> stack.push(new Pending(x, next)));
            } else if (e instanceof Ast.Index i) {
                i.indices().forEach(x -> stack.push(new Pending(x, next)));
                stack.push(new Pending(i.target(), next));
            }
        }
        return deepest;
    }
}
