package org.tinyfit.views.explorer;

import org.tinyfit.model.explore.Atlas;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.provenance.ModelKind;
import org.tinyfit.views.Formats;

/**
 * A trained accuracy of one plan: measured after training, with its interval and how it
 * was trained (an atlas variant or a retrain on this machine).
 */
public record Trained(Source source, String planText, double accuracy, double ciLow, double ciHigh, long samples,
                      int epochs, long seed, String from, String kind, String file) {
    /** Where a trained result comes from. */
    public enum Source { ATLAS, RETRAINED }

    /** "Trained (atlas): 90.2 % (95% CI 86.9–92.7 %), from scratch, 30 epochs, seed 1, 397 samples". */
    public String text() {
        boolean quantized = Atlas.KIND_QUANTIZED.equals(kind);
        String head = source == Source.ATLAS ? (quantized ? "Trained (atlas), quantized after training: " : "Trained (atlas): ")
                : "Retrained on this machine: ";
        String how = quantized ? "trained variant " + from + ", quantized without retraining, " + epochs + " epochs"
                : (from.equals("projection") ? "from the projection" : "from scratch") + ", " + epochs + " epochs";
        return head + Formats.percent(100 * accuracy) + " (95% CI " + Formats.decimal1(100 * ciLow) + "\u2013"
                + Formats.percent(100 * ciHigh) + "), " + how + ", seed " + seed + ", measured on " + Formats.integer(samples) + " samples";
    }

    /** A retrain's result from the model it wrote (its provenance holds the measured accuracy), or null without one. */
    static Trained ofRetrain(Network n, String planText, int epochs, long seed, String from) {
        var acc = n.provenance().accuracy();
        if (acc == null || !Double.isFinite(acc.value())) return null;
        var ev = n.provenance().evalData();
        long samples = ev == null || ev.samples() == null ? 0 : ev.samples();
        return new Trained(Source.RETRAINED, planText, acc.value(), acc.ciLow(), acc.ciHigh(), samples, epochs, seed, from,
                ModelKind.TRAINED.id(), "");
    }

    /** An atlas row's result. */
    static Trained ofAtlas(Atlas.Entry e) {
        return new Trained(Source.ATLAS, e.plan(), e.accuracy(), e.ciLow(), e.ciHigh(), e.samples(), e.epochs(), e.seed(), e.from(),
                e.kind(), e.file());
    }
}
