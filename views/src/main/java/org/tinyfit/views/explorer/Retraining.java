package org.tinyfit.views.explorer;

import java.util.concurrent.ExecutorService;
import org.tinyfit.model.explore.TrainedCache;

/**
 * Where the window retrains and keeps its results: the cache of retrained models, the
 * executor retraining runs on (its own, never the shared pool), and the TinyFit version
 * recorded in what it makes. {@code cache} or {@code executor} null: retraining is off.
 */
public record Retraining(TrainedCache cache, ExecutorService executor, String version) {
    public static Retraining off() { return new Retraining(null, null, "unknown"); }

    boolean available() { return cache != null && executor != null; }
}
