package dev.gradus.cli;

/**
 * A usage mistake found where no picocli command spec is at hand (a value of --predict or --at
 * that the model cannot take): reported as picocli's parameter errors are, with exit status 2.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message, null, false, false);
    }
}
