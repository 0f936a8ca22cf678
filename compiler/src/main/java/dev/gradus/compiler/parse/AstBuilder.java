package dev.gradus.compiler.parse;

import dev.gradus.compiler.diag.Position;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.parse.Ast.Arg;
import dev.gradus.compiler.parse.Ast.BinaryOp;
import dev.gradus.compiler.parse.Ast.Decl;
import dev.gradus.compiler.parse.Ast.Expr;
import dev.gradus.compiler.parse.Ast.Literal;
import dev.gradus.grammar.GradusParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Turns an ANTLR parse tree (free of syntax errors) into {@link Ast} records. */
final class AstBuilder {
    private final Source source;

    AstBuilder(Source source) {
        this.source = source;
    }

    /** A declared name (a keyword there is reported by the parser, which keeps the name so checking goes on). */
    private static String name(GradusParser.DeclNameContext ctx) {
        return ctx.getText();
    }

    Ast.SourceFile file(GradusParser.FileContext ctx) {
        List<Ast.Model> models = new ArrayList<>();
        for (GradusParser.ModelContext m : ctx.model()) {
            List<Decl> decls = new ArrayList<>();
            for (GradusParser.DeclContext d : m.decl()) {
                decls.add(decl(d));
            }
            models.add(new Ast.Model(pos(m.name), m.name.getText(), decls));
        }
        return new Ast.SourceFile(source, models);
    }

    private Decl decl(GradusParser.DeclContext ctx) {
        if (ctx instanceof GradusParser.ConstDeclContext c) {
            return new Ast.ConstDecl(pos(c.name), name(c.name), expr(c.value));
        } else if (ctx instanceof GradusParser.InputDeclContext c) {
            return new Ast.InputDecl(pos(c.name), name(c.name), dims(c.dims()), c.classes == null ? null : expr(c.classes));
        } else if (ctx instanceof GradusParser.TargetDeclContext c) {
            return new Ast.TargetDecl(pos(c.name), name(c.name), dims(c.dims()),
                    c.classes == null ? null : expr(c.classes));
        } else if (ctx instanceof GradusParser.ParamDeclContext c) {
            Ast.Initializer init = null;
            if (c.initializer() != null) {
                GradusParser.InitializerContext i = c.initializer();
                init = new Ast.Initializer(pos(i.name), i.name.getText(), args(i.arg()));
            }
            return new Ast.ParamDecl(pos(c.name), name(c.name), dims(c.dims()),
                    c.literal() == null ? null : literal(c.literal()), init);
        } else if (ctx instanceof GradusParser.OutputDeclContext c) {
            List<String> names = new ArrayList<>();
            List<Position> at = new ArrayList<>();
            for (GradusParser.DeclNameContext n : c.names) {
                names.add(name(n));
                at.add(pos(n));
            }
            return new Ast.OutputDecl(at.get(0), names, at);
        } else if (ctx instanceof GradusParser.LossDeclContext c) {
            return new Ast.LossDecl(pos(c.LOSS().getSymbol()), expr(c.value));
        } else if (ctx instanceof GradusParser.TrainDeclContext c) {
            List<Ast.Setting> settings = new ArrayList<>();
            for (GradusParser.SettingContext s : c.setting()) {
                String string = s.STRING() == null ? null : unquote(s.STRING().getText());
                settings.add(new Ast.Setting(pos(s.name), s.name.getText(), string,
                        s.expr() == null ? null : expr(s.expr())));
            }
            return new Ast.TrainDecl(pos(c.TRAIN().getSymbol()), settings);
        } else if (ctx instanceof GradusParser.AssignDeclContext c) {
            return new Ast.AssignDecl(pos(c.name), c.name.getText(), expr(c.value));
        }
        throw new IllegalStateException("unknown declaration " + ctx.getClass());
    }

    private List<Expr> dims(GradusParser.DimsContext ctx) {
        List<Expr> dims = new ArrayList<>();
        if (ctx != null) {
            for (GradusParser.ExprContext e : ctx.expr()) {
                dims.add(expr(e));
            }
        }
        return dims;
    }

    private Literal literal(GradusParser.LiteralContext ctx) {
        if (ctx instanceof GradusParser.ScalarLiteralContext s) {
            double v = Double.parseDouble(s.NUMBER().getText());
            return new Ast.ScalarLiteral(pos(s), s.MINUS() != null ? -v : v);
        }
        GradusParser.ListLiteralContext l = (GradusParser.ListLiteralContext) ctx;
        List<Literal> elements = new ArrayList<>();
        for (GradusParser.LiteralContext e : l.literal()) {
            elements.add(literal(e));
        }
        return new Ast.ListLiteral(pos(l), elements);
    }

    private List<Arg> args(List<GradusParser.ArgContext> ctxs) {
        List<Arg> args = new ArrayList<>();
        for (GradusParser.ArgContext a : ctxs) {
            args.add(new Arg(pos(a), a.name == null ? null : a.name.getText(), expr(a.expr())));
        }
        return args;
    }

    private Expr expr(GradusParser.ExprContext ctx) {
        List<GradusParser.MulExprContext> operands = ctx.mulExpr(); // each list once: a long sum stays linear
        List<GradusParser.AddOpContext> ops = ctx.addOp();
        Expr left = mul(operands.get(0));
        for (int i = 0; i < ops.size(); i++) {
            Token op = ops.get(i).getStart();
            BinaryOp kind = op.getType() == GradusParser.PLUS ? BinaryOp.ADD : BinaryOp.SUB;
            left = new Ast.Binary(left.pos(), pos(op), kind, left, mul(operands.get(i + 1)));
        }
        return left;
    }

    private Expr mul(GradusParser.MulExprContext ctx) {
        List<GradusParser.UnaryExprContext> operands = ctx.unaryExpr();
        List<GradusParser.MulOpContext> ops = ctx.mulOp();
        Expr left = unary(operands.get(0));
        for (int i = 0; i < ops.size(); i++) {
            Token op = ops.get(i).getStart();
            BinaryOp kind = switch (op.getType()) {
                case GradusParser.STAR -> BinaryOp.MUL;
                case GradusParser.SLASH -> BinaryOp.DIV;
                default -> BinaryOp.MATMUL;
            };
            left = new Ast.Binary(left.pos(), pos(op), kind, left, unary(operands.get(i + 1)));
        }
        return left;
    }

    private Expr unary(GradusParser.UnaryExprContext ctx) {
        if (ctx instanceof GradusParser.NegationContext n) {
            return new Ast.Neg(pos(n), unary(n.unaryExpr()));
        }
        GradusParser.PowerExprContext p = ((GradusParser.PlainUnaryContext) ctx).powerExpr();
        Expr base = postfix(p.postfixExpr());
        if (p.powOp() == null) {
            return base;
        }
        return new Ast.Binary(base.pos(), pos(p.powOp().getStart()), BinaryOp.POW, base, unary(p.unaryExpr()));
    }

    private Expr postfix(GradusParser.PostfixExprContext ctx) {
        Expr atom = atom(ctx.atom());
        if (ctx.LBRACKET() == null) {
            return atom;
        }
        List<Expr> indices = new ArrayList<>();
        for (GradusParser.ExprContext e : ctx.expr()) {
            indices.add(expr(e));
        }
        return new Ast.Index(pos(ctx.LBRACKET().getSymbol()), atom, indices);
    }

    private Expr atom(GradusParser.AtomContext ctx) {
        if (ctx instanceof GradusParser.NumberContext n) {
            return new Ast.Num(pos(n), Double.parseDouble(n.getText()));
        } else if (ctx instanceof GradusParser.CallContext c) {
            return new Ast.Call(pos(c.name), c.name.getText(), args(c.arg()));
        } else if (ctx instanceof GradusParser.ReferenceContext r) {
            return new Ast.Ref(pos(r.name), r.name.getText());
        } else if (ctx instanceof GradusParser.ListContext l) {
            List<Expr> elements = new ArrayList<>();
            for (GradusParser.ExprContext e : l.expr()) {
                elements.add(expr(e));
            }
            return new Ast.ListExpr(pos(l), elements);
        }
        return expr(((GradusParser.ParensContext) ctx).expr());
    }

    private static String unquote(String s) {
        return s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static Position pos(ParserRuleContext ctx) {
        return pos(ctx.getStart());
    }

    static Position pos(Token t) {
        return new Position(t.getLine(), t.getCharPositionInLine() + 1);
    }
}
