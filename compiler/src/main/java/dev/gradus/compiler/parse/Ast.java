package dev.gradus.compiler.parse;

import dev.gradus.compiler.diag.Position;
import dev.gradus.compiler.diag.Source;
import java.util.List;

/**
 * The abstract syntax tree of a .net file: small immutable records, each carrying its source
 * position. Nothing after the parser sees ANTLR types.
 */
public final class Ast {
    private Ast() {}

    /** A parsed file: its source and its models. */
    public record SourceFile(Source source, List<Model> models) {}

    /** {@code model NAME { decl* }}. */
    public record Model(Position pos, String name, List<Decl> decls) {}

    /** A declaration inside a model. {@code pos} is the position of the declared name, where there is one. */
    public sealed interface Decl {
        Position pos();
    }

    public record ConstDecl(Position pos, String name, Expr value) implements Decl {}

    /** {@code input x[3]}, or {@code input tokens[T] : class(V)} ({@code classes} null for a real input). */
    public record InputDecl(Position pos, String name, List<Expr> dims, Expr classes) implements Decl {}

    /** {@code target y}, {@code target y[3]} or {@code target label : class(10)} ({@code classes} non-null). */
    public record TargetDecl(Position pos, String name, List<Expr> dims, Expr classes) implements Decl {}

    /** {@code param W[2, 3]} with an optional literal or initializer (at most one is non-null). */
    public record ParamDecl(Position pos, String name, List<Expr> dims, Literal literal, Initializer init)
            implements Decl {}

    /** {@code output z} or {@code output z, p}: the values predict returns, in order, each at its position. */
    public record OutputDecl(Position pos, List<String> names, List<Position> at) implements Decl {}

    public record LossDecl(Position pos, Expr value) implements Decl {}

    public record TrainDecl(Position pos, List<Setting> settings) implements Decl {}

    public record AssignDecl(Position pos, String name, Expr value) implements Decl {}

    /** A literal initial value: a number or a (nested) list of them. */
    public sealed interface Literal {
        Position pos();
    }

    public record ScalarLiteral(Position pos, double value) implements Literal {}

    public record ListLiteral(Position pos, List<Literal> elements) implements Literal {}

    /** {@code init NAME} or {@code init NAME(args)}. */
    public record Initializer(Position pos, String name, List<Arg> args) {}

    /** A {@code train} setting: {@code name = "string"} or {@code name = expr}; exactly one of the two is non-null. */
    public record Setting(Position pos, String name, String string, Expr expr) {}

    /** A call argument, positional ({@code name == null}) or by keyword. */
    public record Arg(Position pos, String name, Expr value) {}

    /** An expression. */
    public sealed interface Expr {
        Position pos();
    }

    public record Num(Position pos, double value) implements Expr {}

    public record Ref(Position pos, String name) implements Expr {}

    public record Call(Position pos, String name, List<Arg> args) implements Expr {}

    public record Neg(Position pos, Expr operand) implements Expr {}

    /** A binary operation; {@code pos} is the position of the left operand, {@code opPos} of the operator. */
    public record Binary(Position pos, Position opPos, BinaryOp op, Expr left, Expr right) implements Expr {}

    /** {@code x[i]} or {@code A[i, j]}. */
    public record Index(Position pos, Expr target, List<Expr> indices) implements Expr {}

    /** {@code [2, 3]}: a list of constants, the shape argument of {@code reshape}. */
    public record ListExpr(Position pos, List<Expr> elements) implements Expr {}

    /** The binary operators, with the text a user writes. */
    public enum BinaryOp {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MATMUL("@"), POW("^");

        private final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }
}
