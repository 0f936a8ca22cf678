package dev.gradus.runtime.kernel;

/** The kernels in plain Java (see {@link PlainFloat}): the fallback, and the reference the others must match. */
public class PlainKernels implements Kernels {

    @Override
    public String name() {
        return "plain";
    }

    @Override
    public boolean transposedForward() {
        return true;
    }

    @Override
    public void forward(int batch, int in, int out, float[] x, int xOff, int ldx, float[] w, int wOff, int ldw, float[] bias, int biasOff, Activation act, float[] y, int yOff, int ldy) {
        PlainFloat.forward(batch, in, out, x, xOff, ldx, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
    }

    @Override
    public void forward(int batch, int in, int out, double[] x, int xOff, int ldx, double[] w, int wOff, int ldw, double[] bias, int biasOff, Activation act, double[] y, int yOff, int ldy) {
        PlainDouble.forward(batch, in, out, x, xOff, ldx, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
    }

    @Override
    public void activationBackward(int batch, int out, Activation act, float[] y, int yOff, int ldy, float[] dy, int dyOff, int lddy, float[] g, int gOff, int ldg) {
        PlainFloat.activationBackward(batch, out, act, y, yOff, ldy, dy, dyOff, lddy, g, gOff, ldg);
    }

    @Override
    public void activationBackward(int batch, int out, Activation act, double[] y, int yOff, int ldy, double[] dy, int dyOff, int lddy, double[] g, int gOff, int ldg) {
        PlainDouble.activationBackward(batch, out, act, y, yOff, ldy, dy, dyOff, lddy, g, gOff, ldg);
    }

    @Override
    public void inputGradient(int batch, int in, int out, float[] g, int gOff, int ldg, float[] w, int wOff, int ldw, float[] dx, int dxOff, int lddx, boolean accumulate) {
        PlainFloat.inputGradient(batch, in, out, g, gOff, ldg, w, wOff, ldw, dx, dxOff, lddx, accumulate);
    }

    @Override
    public void inputGradient(int batch, int in, int out, double[] g, int gOff, int ldg, double[] w, int wOff, int ldw, double[] dx, int dxOff, int lddx, boolean accumulate) {
        PlainDouble.inputGradient(batch, in, out, g, gOff, ldg, w, wOff, ldw, dx, dxOff, lddx, accumulate);
    }

    @Override
    public void weightGradient(int batch, int in, int out, float[] g, int gOff, int ldg, float[] x, int xOff, int ldx, float scale, float[] dw, int dwOff, int lddw, boolean accumulate) {
        PlainFloat.weightGradient(batch, in, out, g, gOff, ldg, x, xOff, ldx, scale, dw, dwOff, lddw, accumulate);
    }

    @Override
    public void weightGradient(int batch, int in, int out, double[] g, int gOff, int ldg, double[] x, int xOff, int ldx, double scale, double[] dw, int dwOff, int lddw, boolean accumulate) {
        PlainDouble.weightGradient(batch, in, out, g, gOff, ldg, x, xOff, ldx, scale, dw, dwOff, lddw, accumulate);
    }

    @Override
    public void sumRows(int batch, int out, float[] g, int gOff, int ldg, float scale, float[] db, int dbOff, boolean accumulate) {
        PlainFloat.sumRows(batch, out, g, gOff, ldg, scale, db, dbOff, accumulate);
    }

    @Override
    public void sumRows(int batch, int out, double[] g, int gOff, int ldg, double scale, double[] db, int dbOff, boolean accumulate) {
        PlainDouble.sumRows(batch, out, g, gOff, ldg, scale, db, dbOff, accumulate);
    }

    @Override
    public float dot(int n, float[] a, int aOff, float[] b, int bOff) {
        return PlainFloat.dot(n, a, aOff, b, bOff);
    }

    @Override
    public double dot(int n, double[] a, int aOff, double[] b, int bOff) {
        return PlainDouble.dot(n, a, aOff, b, bOff);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        PlainFloat.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        PlainDouble.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void expForFloat(int n, double[] x, int xOff) {
        for (int k = 0; k < n; k++) {
            x[xOff + k] = dev.gradus.runtime.Fn.expForFloat(x[xOff + k]);
        }
    }

    @Override
    public void transpose(int rows, int k, float[] a, int aOff, int lda, float[] t, int tOff) {
        PlainFloat.transpose(rows, k, a, aOff, lda, t, tOff);
    }

    @Override
    public void transpose(int rows, int k, double[] a, int aOff, int lda, double[] t, int tOff) {
        PlainDouble.transpose(rows, k, a, aOff, lda, t, tOff);
    }
}
