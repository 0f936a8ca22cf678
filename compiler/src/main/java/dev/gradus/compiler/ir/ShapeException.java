package dev.gradus.compiler.ir;

/** An operation was applied to arguments whose shapes it does not accept; the message says why. */
public final class ShapeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ShapeException(String message) {
        super(message, null, false, false);
    }
}
