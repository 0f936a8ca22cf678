package dev.gradus.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.lower.Names;

/** Loops over the elements of a shape, with index variables from the method's scope. */
final class Loops {
    private Loops() {}

    interface ElementStatement {
        String at(String i, String j);
    }

    /**
     * One statement per element (none for a scalar shape's loops); a dimension of size 1 gets no
     * loop, since index 0 reads better than a loop that runs once.
     */
    static void forEach(CodeBlock.Builder b, Names.Scope scope, Shape s, ElementStatement body) {
        if (s.isScalar()) {
            for (String line : body.at(null, null).split(";\n")) {
                b.addStatement("$L", line);
            }
            return;
        }
        boolean rowLoop = s.rows() > 1;
        boolean colLoop = s.rank() >= 2 && s.cols() > 1; // rank 3 or 4: its matrix view [d0, d1·d2·...]
        String i = rowLoop ? scope.get("i") : "0";
        String j = s.rank() >= 2 ? colLoop ? scope.get("j") : "0" : null;
        if (rowLoop) {
            b.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, s.rows(), i);
        }
        if (colLoop) {
            b.beginControlFlow("for (int $L = 0; $L < $L; $L++)", j, j, s.cols(), j);
        }
        for (String line : body.at(i, j).split(";\n")) {
            b.addStatement("$L", line);
        }
        if (colLoop) {
            b.endControlFlow();
        }
        if (rowLoop) {
            b.endControlFlow();
        }
    }

    /** A tensor's elements as its flat array sees them: one loop, not one per dimension. */
    static Shape flat(Shape s) {
        return s.isScalar() ? s : Shape.vector(s.size());
    }

    /** {@code for (int v = from; v < to; v++) {} } opened. */
    static void open(CodeBlock.Builder b, String v, Object from, Object to) {
        b.beginControlFlow("for (int $L = $L; $L < $L; $L++)", v, from, v, to, v);
    }
}
