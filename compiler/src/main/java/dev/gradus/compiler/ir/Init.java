package dev.gradus.compiler.ir;

/**
 * How a parameter starts: a literal, a constant fill, or a uniform or normal draw. Named
 * initializers (xavier, kaiming, the nn.Linear default) are resolved to a draw with concrete
 * bounds by the checker; {@code description} keeps what the user wrote, for generated comments.
 */
public record Init(Kind kind, double a, double b, double[] values, String description) {

    public enum Kind { LITERAL, CONSTANT, UNIFORM, NORMAL }

    public static Init literal(double[] values, String description) {
        return new Init(Kind.LITERAL, 0, 0, values.clone(), description);
    }

    public static Init constant(double value, String description) {
        return new Init(Kind.CONSTANT, value, 0, null, description);
    }

    public static Init uniform(double low, double high, String description) {
        return new Init(Kind.UNIFORM, low, high, null, description);
    }

    public static Init normal(double mean, double std, String description) {
        return new Init(Kind.NORMAL, mean, std, null, description);
    }
}
