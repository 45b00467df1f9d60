package org.tinyfit.views;

import java.util.List;

/** The sample models to offer. May touch the disk: the view model calls it off the FX thread. */
@FunctionalInterface
public interface SampleCatalog {
    List<SampleModel> samples() throws Exception;

    /** A fixed list. */
    static SampleCatalog of(List<SampleModel> samples) {
        List<SampleModel> copy = List.copyOf(samples);
        return () -> copy;
    }

    static SampleCatalog empty() { return List::of; }
}
