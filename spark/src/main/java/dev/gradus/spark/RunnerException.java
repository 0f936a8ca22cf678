package dev.gradus.spark;

/** A user's mistake the runner reports in one line, without a stack trace. */
final class RunnerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RunnerException(String message) {
        super(message, null, false, false);
    }
}
