package org.tinyfit.model.compress;

/** A projection that cannot be computed (SVD failure, non-finite weights): a result the UI shows as a message. */
public class ProjectionException extends IllegalArgumentException {
    public ProjectionException(String message) { super(message); }
}
