package dev.gradus.compiler.ir;

/**
 * The reference values of the window ops, in the plainest loops: one 2-d form with a stride and a
 * padding per axis (a 1-d op is a 2-d one of height 1), as PyTorch defines them. What the evaluator
 * computes and generated code is held against.
 */
final class WindowMath {
    private WindowMath() {}

    /** The input geometry {@code c, h, w}, the output's {@code ho, wo}, a window {@code kh x kw}, strides and paddings. */
    record Geometry(int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw) {
        int ho() {
            return (h + 2 * ph - kh) / sh + 1;
        }

        int wo() {
            return (w + 2 * pw - kw) / sw + 1;
        }

        static Geometry of(int dims, Shape x, int kh, int kw, int stride, int padding) {
            int[] chw = Window.chw(x, dims);
            return dims == 1 ? new Geometry(chw[0], 1, chw[2], 1, kw, 1, stride, 0, padding)
                    : new Geometry(chw[0], chw[1], chw[2], kh, kw, stride, stride, padding, padding);
        }

        /** The input row under output row {@code i} and window row {@code u}, or -1 in the padding. */
        int row(int i, int u) {
            int r = i * sh - ph + u;
            return r >= 0 && r < h ? r : -1;
        }

        int col(int j, int v) {
            int q = j * sw - pw + v;
            return q >= 0 && q < w ? q : -1;
        }
    }

    /** {@code y[o][i][j] = b[o] + Σ K[o][c][u][v] x[c][i·sh - ph + u][j·sw - pw + v]}. */
    static double[] conv(Geometry g, int o, double[] x, double[] k, double[] b) {
        double[] y = new double[o * g.ho() * g.wo()];
        for (int oc = 0; oc < o; oc++) {
            for (int i = 0; i < g.ho(); i++) {
                for (int j = 0; j < g.wo(); j++) {
                    double acc = b == null ? 0 : b[oc];
                    for (int c = 0; c < g.c(); c++) {
                        for (int u = 0; u < g.kh(); u++) {
                            for (int v = 0; v < g.kw(); v++) {
                                int r = g.row(i, u);
                                int q = g.col(j, v);
                                if (r >= 0 && q >= 0) {
                                    acc += k[((oc * g.c() + c) * g.kh() + u) * g.kw() + v] * x[(c * g.h() + r) * g.w() + q];
                                }
                            }
                        }
                    }
                    y[(oc * g.ho() + i) * g.wo() + j] = acc;
                }
            }
        }
        return y;
    }

    /** The transposed convolution: {@code dx[c][r][q] = Σ dy[o][i][j] K[o][c][u][v]} over the windows that cover {@code (r, q)}. */
    static double[] inputGrad(Geometry g, int o, double[] dy, double[] k) {
        double[] dx = new double[g.c() * g.h() * g.w()];
        forEachTap(g, o, (oc, c, i, j, u, v, r, q) ->
                dx[(c * g.h() + r) * g.w() + q] += dy[(oc * g.ho() + i) * g.wo() + j] * k[((oc * g.c() + c) * g.kh() + u) * g.kw() + v]);
        return dx;
    }

    /** The correlation of the input with the output's gradient: {@code dK[o][c][u][v] = Σ dy[o][i][j] x[c][i·sh - ph + u][j·sw - pw + v]}. */
    static double[] kernelGrad(Geometry g, int o, double[] x, double[] dy) {
        double[] dk = new double[o * g.c() * g.kh() * g.kw()];
        forEachTap(g, o, (oc, c, i, j, u, v, r, q) ->
                dk[((oc * g.c() + c) * g.kh() + u) * g.kw() + v] += dy[(oc * g.ho() + i) * g.wo() + j] * x[(c * g.h() + r) * g.w() + q]);
        return dk;
    }

    private interface Tap {
        void at(int oc, int c, int i, int j, int u, int v, int r, int q);
    }

    private static void forEachTap(Geometry g, int o, Tap tap) {
        for (int oc = 0; oc < o; oc++) {
            for (int c = 0; c < g.c(); c++) {
                for (int i = 0; i < g.ho(); i++) {
                    for (int j = 0; j < g.wo(); j++) {
                        for (int u = 0; u < g.kh(); u++) {
                            for (int v = 0; v < g.kw(); v++) {
                                int r = g.row(i, u);
                                int q = g.col(j, v);
                                if (r >= 0 && q >= 0) {
                                    tap.at(oc, c, i, j, u, v, r, q);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** For each output of a max pooling of {@code x}, the flat offset in {@code x} of its window's first maximum. */
    static int[] argmax(Geometry g, double[] x) {
        int[] at = new int[g.c() * g.ho() * g.wo()];
        for (int c = 0; c < g.c(); c++) {
            for (int i = 0; i < g.ho(); i++) {
                for (int j = 0; j < g.wo(); j++) {
                    int best = -1;
                    for (int u = 0; u < g.kh(); u++) {
                        for (int v = 0; v < g.kw(); v++) {
                            int f = (c * g.h() + g.row(i, u)) * g.w() + g.col(j, v);
                            if (best < 0 || x[f] > x[best]) {
                                best = f;
                            }
                        }
                    }
                    at[(c * g.ho() + i) * g.wo() + j] = best;
                }
            }
        }
        return at;
    }

    /** The mean of each window. */
    static double[] avg(Geometry g, double[] x) {
        double[] y = new double[g.c() * g.ho() * g.wo()];
        for (int c = 0; c < g.c(); c++) {
            for (int i = 0; i < g.ho(); i++) {
                for (int j = 0; j < g.wo(); j++) {
                    double acc = 0;
                    for (int u = 0; u < g.kh(); u++) {
                        for (int v = 0; v < g.kw(); v++) {
                            acc += x[(c * g.h() + g.row(i, u)) * g.w() + g.col(j, v)];
                        }
                    }
                    y[(c * g.ho() + i) * g.wo() + j] = acc / (g.kh() * g.kw());
                }
            }
        }
        return y;
    }

    /** The adjoint of {@link #avg}: each output's gradient spread evenly over its window. */
    static double[] avgGrad(Geometry g, double[] dy) {
        double[] dx = new double[g.c() * g.h() * g.w()];
        for (int c = 0; c < g.c(); c++) {
            for (int i = 0; i < g.ho(); i++) {
                for (int j = 0; j < g.wo(); j++) {
                    for (int u = 0; u < g.kh(); u++) {
                        for (int v = 0; v < g.kw(); v++) {
                            dx[(c * g.h() + g.row(i, u)) * g.w() + g.col(j, v)] += dy[(c * g.ho() + i) * g.wo() + j] / (g.kh() * g.kw());
                        }
                    }
                }
            }
        }
        return dx;
    }
}
