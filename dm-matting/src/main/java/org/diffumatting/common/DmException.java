package org.diffumatting.common;

/**
 * An error caused by the user's input (a file, a key, a flag, a config field) rather than by a bug.
 * The CLI prints {@link #getMessage()} as one line and exits non-zero, so the message must name
 * the offending file, key or field.
 */
public class DmException extends RuntimeException {
    public DmException(String message) {
        super(message);
    }

    public DmException(String message, Throwable cause) {
        super(message, cause);
    }
}
