package org.tinyfit.model.plan;

/**
 * A compression plan (text or JSON) is malformed or does not fit its network.
 * The message names the entry and says what would be valid.
 */
public class PlanException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PlanException(String message) { super(message); }

    public PlanException(String message, Throwable cause) { super(message, cause); }

    /**
     * Builds something whose own checks throw plain messages (a {@link TechniqueSpec}
     * validating its settings, say), and names {@code where} in front of such a message.
     */
    public static <T> T at(String where, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (PlanException e) {
            if (e.getMessage().startsWith(where)) throw e;
            throw new PlanException(where + ": " + e.getMessage(), e);
        }
    }
}
