package dev.gradus.compiler.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.TypeName;
import java.util.Locale;

/** The element type of generated code: {@code float} (the default) or {@code double}. */
public enum Precision {
    FLOAT("float", TypeName.FLOAT),
    DOUBLE("double", TypeName.DOUBLE);

    private final String keyword;
    private final TypeName type;

    Precision(String keyword, TypeName type) {
        this.keyword = keyword;
        this.type = type;
    }

    public static Precision parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    public String keyword() {
        return keyword;
    }

    /** The element type with {@code rank} array dimensions. */
    public TypeName type(int rank) {
        TypeName t = type;
        for (int i = 0; i < rank; i++) {
            t = ArrayTypeName.of(t);
        }
        return t;
    }

    /**
     * A Java literal of this type: {@code 0.5}, {@code 0.5f}, {@code 1.0E-12}; infinities fully qualified, since a
     * model may be named {@code Double} (generated code reserves {@code java}, so the qualified name cannot be hidden).
     */
    public String literal(double v) {
        if (this == DOUBLE) {
            if (Double.isInfinite(v)) {
                return v > 0 ? "java.lang.Double.POSITIVE_INFINITY" : "java.lang.Double.NEGATIVE_INFINITY";
            }
            return Double.toString(v);
        }
        float f = (float) v;
        if (Float.isInfinite(f)) {
            return f > 0 ? "java.lang.Float.POSITIVE_INFINITY" : "java.lang.Float.NEGATIVE_INFINITY";
        }
        return Float.toString(f) + "f";
    }

    /** Casts a double-valued Java expression to this type where needed. */
    public String cast(String doubleExpression) {
        return this == DOUBLE ? doubleExpression : "(float) (" + doubleExpression + ")";
    }
}
