package dev.gradus.compiler.emit;

import dev.gradus.compiler.ir.AlongAxis;
import dev.gradus.compiler.ir.Dropout;
import dev.gradus.compiler.ir.Elementwise;
import dev.gradus.compiler.ir.Embedding;
import dev.gradus.compiler.ir.EmbeddingGrad;
import dev.gradus.compiler.ir.Expand;
import dev.gradus.compiler.ir.Index;
import dev.gradus.compiler.ir.LinAlg;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.OneHot;
import dev.gradus.compiler.ir.Op;
import dev.gradus.compiler.ir.OpVisitor;
import dev.gradus.compiler.ir.Pick;
import dev.gradus.compiler.ir.Reduce;
import dev.gradus.compiler.ir.Reshape;
import dev.gradus.compiler.ir.Scatter;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.ir.Unary;
import dev.gradus.compiler.ir.VectorOp;
import dev.gradus.compiler.ir.Window;
import dev.gradus.compiler.lower.Plan;
import java.util.ArrayList;
import java.util.List;

/**
 * Java expressions for one element of a node, for one example: a buffer access where the node has
 * a buffer ({@code h[ex * 10 + i]}), otherwise its computation inline, with broadcasting, transposes,
 * indexing and outer products resolved into index arithmetic.
 */
final class ElementExpressions {
    private final Plan plan;
    private final Members members;
    private final Precision p;

    ElementExpressions(Plan plan, Members members, Precision precision) {
        this.plan = plan;
        this.members = members;
        this.p = precision;
    }

    /** Element (i, j) of a node for example {@code ex}: its buffer if it has one, else its expression inline. */
    JavaExpr elem(Node n, String ex, String i, String j) {
        if (n instanceof Node.Input || n instanceof Node.Param || plan.isMaterialized(n)) {
            return JavaExpr.primary(access(n, ex, i, j));
        }
        if (n instanceof Node.Constant c) {
            return c.value() < 0 ? new JavaExpr(p.literal(c.value()), JavaExpr.UNARY) : JavaExpr.primary(p.literal(c.value()));
        }
        return inline((Node.Apply) n, ex, i, j);
    }

    /** Element (i, j) of an op's result, computed from its arguments' elements. */
    JavaExpr inline(Node.Apply a, String ex, String i, String j) {
        Node x = a.arg(0);
        return a.op().accept(new OpVisitor<JavaExpr>() {
            public JavaExpr elementwise(Elementwise e) {
                return elementwiseCall(a, e, ex, i, j);
            }

            public JavaExpr expand(Expand e) {
                if (e.axis() >= 0 && a.shape().rank() > 2) { // element f = (p * d + t) * post + q reads x at p * post + q
                    int[] split = Reduce.split(a.shape(), e.axis());
                    String f = flat(a.shape(), i, j);
                    String g = isNumber(f) ? f : "(" + f + ")";
                    String p = split[0] == 1 ? "0" : g + " / " + split[1] * split[2];
                    String q = split[2] == 1 ? "0" : g + " % " + split[2];
                    return elemFlat(x, ex, plus(times(p, split[2]), q));
                }
                return switch (e.axis()) {
                    case -1 -> elem(x, ex, null, null);
                    case 0 -> elem(x, ex, j, null);
                    default -> elem(x, ex, i, null);
                };
            }

            public JavaExpr linAlg(LinAlg op) {
                return switch (op) {
                    case TRANSPOSE -> elem(x, ex, j, i);
                    case OUTER -> new JavaExpr(elem(x, ex, i, null).at(JavaExpr.MULTIPLICATIVE) + " * "
                            + elem(a.arg(1), ex, j, null).at(JavaExpr.MULTIPLICATIVE + 1), JavaExpr.MULTIPLICATIVE);
                    case MATMUL, DOT -> throw kernel(op);
                };
            }

            public JavaExpr index(Index ix) {
                if (x.shape().isVector()) {
                    return elem(x, ex, String.valueOf(ix.i()), null);
                }
                return ix.j() >= 0 ? elem(x, ex, String.valueOf(ix.i()), String.valueOf(ix.j()))
                        : elem(x, ex, String.valueOf(ix.i()), i);
            }

            public JavaExpr scatter(Scatter sc) {
                String zero = p.literal(0);
                if (sc.to().isVector()) {
                    return new JavaExpr(i + " == " + sc.i() + " ? " + elem(x, ex, null, null).text() + " : " + zero, JavaExpr.TERNARY);
                }
                if (sc.j() >= 0) {
                    return new JavaExpr(i + " == " + sc.i() + " && " + j + " == " + sc.j() + " ? " + elem(x, ex, null, null).text()
                            + " : " + zero, JavaExpr.TERNARY);
                }
                return new JavaExpr(i + " == " + sc.i() + " ? " + elem(x, ex, j, null).text() + " : " + zero, JavaExpr.TERNARY);
            }

            public JavaExpr oneHot(OneHot op) {
                return new JavaExpr(i + " == " + elem(x, ex, null, null).text() + " ? " + p.literal(1) + " : " + p.literal(0),
                        JavaExpr.TERNARY);
            }

            public JavaExpr pick(Pick op) {
                return elem(x, ex, elem(a.arg(1), ex, null, null).text(), null);
            }

            /** Element (i, j) of the new shape is element f = i * cols + j of the old, row-major. */
            public JavaExpr reshape(Reshape r) {
                Shape from = x.shape();
                String f = flat(a.shape(), i, j);
                if (from.isScalar()) {
                    return elem(x, ex, null, null);
                }
                if (from.isVector()) {
                    return elem(x, ex, f, null);
                }
                String g = isNumber(f) ? f : "(" + f + ")";
                return elem(x, ex, isNumber(f) ? String.valueOf(Integer.parseInt(f) / from.cols()) : g + " / " + from.cols(),
                        isNumber(f) ? String.valueOf(Integer.parseInt(f) % from.cols()) : g + " % " + from.cols());
            }

            public JavaExpr reduce(Reduce op) {
                throw kernel(op);
            }

            public JavaExpr vectorOp(VectorOp op) {
                throw kernel(op);
            }

            public JavaExpr alongAxis(AlongAxis op) {
                throw kernel(op);
            }

            /** Element (t, k) of the rows: {@code E[i[t] * D + k]}, or {@code E[i * D + k]} for one index. */
            public JavaExpr embedding(Embedding op) {
                Node index = a.arg(1);
                String at = index.shape().isScalar() ? elem(index, ex, null, null).text() : elem(index, ex, i, null).text();
                return elem(x, ex, at, index.shape().isScalar() ? i : j);
            }

            public JavaExpr embeddingGrad(EmbeddingGrad op) {
                throw kernel(op);
            }

            public JavaExpr window(Window op) {
                throw kernel(op);
            }

            /** {@code dropout(x, dropping, maskKey, site, ex, element, p)}: x times its mask's factor while training. */
            public JavaExpr dropout(Dropout d) {
                String element = a.shape().isScalar() ? "0" : flat(a.shape(), i, j);
                String example = ex != null && plan.isBatched(a) ? ex : "0";
                return JavaExpr.primary("dropout(" + elem(x, ex, i, j).text() + ", " + members.field(Members.Field.dropping) + ", "
                        + members.field(Members.Field.maskKey) + ", " + d.site() + ", " + example + ", " + element + ", " + d.p() + ")");
            }
        });
    }

    /**
     * Element {@code f} (row-major) of a node of any rank: its buffer's {@code [f]}, or its expression inline
     * at the row {@code f / cols} and column {@code f % cols} that element (i, j) of a rank-2 or higher node names.
     */
    JavaExpr elemFlat(Node n, String ex, String f) {
        Shape s = n.shape();
        if (s.isScalar()) {
            return elem(n, ex, null, null);
        }
        if (s.isVector()) {
            return elem(n, ex, f, null);
        }
        if (n instanceof Node.Input || n instanceof Node.Param || plan.isMaterialized(n)) {
            return JavaExpr.primary(access(n, ex, "0", f));
        }
        String g = isNumber(f) ? f : "(" + f + ")";
        return elem(n, ex, g + " / " + s.cols(), g + " % " + s.cols());
    }

    /** Products, reductions and vector functions always get a buffer of their own (the plan materializes them). */
    private static IllegalStateException kernel(Op op) {
        return new IllegalStateException(op.label() + " is computed into a buffer, never inline");
    }

    private JavaExpr elementwiseCall(Node.Apply a, Elementwise e, String ex, String i, String j) {
        Shape out = a.shape();
        List<JavaExpr> args = new ArrayList<>();
        for (Node arg : a.args()) {
            Shape s = arg.shape();
            if (s.isScalar()) {
                args.add(elem(arg, ex, null, null));
            } else if (s.isVector() && out.isMatrix()) {
                args.add(elem(arg, ex, j, null));
            } else {
                args.add(elem(arg, ex, i, j));
            }
        }
        if (e == Unary.NEG) {
            return new JavaExpr("-" + args.get(0).at(JavaExpr.UNARY), JavaExpr.UNARY);
        }
        String symbol = e.symbol();
        if (symbol != null) {
            int prec = symbol.equals("+") || symbol.equals("-") ? JavaExpr.ADDITIVE : JavaExpr.MULTIPLICATIVE;
            return new JavaExpr(args.get(0).at(prec) + " " + symbol + " " + args.get(1).at(prec + 1), prec);
        }
        List<String> texts = new ArrayList<>();
        args.forEach(x -> texts.add(x.text()));
        e.constants().forEach(c -> texts.add(p.literal(c)));
        return JavaExpr.primary(e.runtimeFunction() + "(" + String.join(", ", texts) + ")");
    }

    /**
     * The buffer element: {@code h[ex * 10 + i]} of a batched vector, {@code W[i * 4 + j]} of a matrix,
     * {@code s[ex]} of a batched scalar, {@code w} of a scalar. Every tensor is one flat, row-major array
     * (batch-major when batched), the layout kernels and {@code System.arraycopy} work on.
     */
    String access(Node n, String ex, String i, String j) {
        String name = members.of(n);
        Shape s = n.shape();
        boolean batched = ex != null && plan.isBatched(n);
        if (!batched) {
            return name + index(s, i, j);
        }
        String row = times(ex, s.size());
        return name + "[" + plus(row, flat(s, i, j)) + "]";
    }

    /** {@code [k]} of a flat array for element (i, j) of shape s, or nothing for a scalar field. */
    static String index(Shape s, String i, String j) {
        return s.isScalar() ? "" : "[" + flat(s, i, j) + "]";
    }

    /** The row-major offset of element (i, j): {@code i}, {@code i * 4 + j}, folded where the indices are numbers. */
    static String flat(Shape s, String i, String j) {
        return switch (s.rank()) {
            case 0 -> "0";
            case 1 -> i;
            default -> plus(times(i, s.cols()), j);
        };
    }

    static String times(String i, int n) {
        if (isNumber(i)) {
            return String.valueOf(Integer.parseInt(i) * n);
        }
        return n == 1 ? i : i + " * " + n;
    }

    static String plus(String a, String b) {
        if (isNumber(a) && isNumber(b)) {
            return String.valueOf(Integer.parseInt(a) + Integer.parseInt(b));
        }
        if (b.equals("0")) {
            return a;
        }
        return a.equals("0") ? b : a + " + " + b;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }
}
