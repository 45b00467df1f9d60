package org.tinyfit.model.plan;

/**
 * A compression plan (text or JSON) is malformed or does not fit its network.
 * The message names the entry and says what would be valid.
 */
public class PlanException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PlanException(String message) { super(message); }

    public PlanException(String message, Throwable cause) { super(message, cause); }
}
