package dev.gradus.runtime;

/** A data or parameter file is not what the model needs; the message names the file, line and column. */
public final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message, null, false, false);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
