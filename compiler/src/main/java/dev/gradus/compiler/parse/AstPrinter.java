package dev.gradus.compiler.parse;

import dev.gradus.compiler.parse.Ast.Expr;
import java.util.StringJoiner;

/** Prints an expression back as source text, with only the parentheses it needs (for messages). */
public final class AstPrinter {
    private AstPrinter() {}

    public static String print(Expr e) {
        return print(e, 0);
    }

    private static int precedence(Expr e) {
        if (e instanceof Ast.Binary b) {
            return switch (b.op()) {
                case ADD, SUB -> 1;
                case MUL, DIV, MATMUL -> 2;
                case POW -> 4;
            };
        }
        return e instanceof Ast.Neg ? 3 : 5;
    }

    private static String print(Expr e, int context) {
        String s;
        if (e instanceof Ast.Num n) {
            s = n.value() == Math.rint(n.value()) && Math.abs(n.value()) < 1e15
                    ? String.valueOf((long) n.value()) : String.valueOf(n.value());
        } else if (e instanceof Ast.Ref r) {
            s = r.name();
        } else if (e instanceof Ast.Call c) {
            StringJoiner args = new StringJoiner(", ", c.name() + "(", ")");
            for (Ast.Arg a : c.args()) {
                args.add((a.name() == null ? "" : a.name() + " = ") + print(a.value(), 0));
            }
            s = args.toString();
        } else if (e instanceof Ast.Neg n) {
            s = "-" + print(n.operand(), 3);
        } else if (e instanceof Ast.ListExpr l) {
            StringJoiner items = new StringJoiner(", ", "[", "]");
            l.elements().forEach(x -> items.add(print(x, 0)));
            s = items.toString();
        } else if (e instanceof Ast.Index i) {
            StringJoiner idx = new StringJoiner(", ", "[", "]");
            i.indices().forEach(x -> idx.add(print(x, 0)));
            s = print(i.target(), 5) + idx;
        } else {
            Ast.Binary b = (Ast.Binary) e;
            int p = precedence(b);
            boolean right = b.op() == Ast.BinaryOp.POW;
            s = print(b.left(), right ? p + 1 : p) + " " + b.op().symbol() + " " + print(b.right(), right ? p : p + 1);
        }
        return precedence(e) < context ? "(" + s + ")" : s;
    }
}
