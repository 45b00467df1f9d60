package org.tinyfit.views.explorer;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableStringValue;
import org.tinyfit.model.explore.Atlas;
import org.tinyfit.views.Formats;

/**
 * The accuracy the window leads with: the best trained result of the current plan (an atlas
 * variant or a retrain here, {@link TrainedViewModel}) with its source and interval when there
 * is one, else the projected accuracy (before retraining). With a trained headline the
 * projected accuracy stays as the secondary "before retraining" line. Fx thread only.
 */
public final class HeadlineAccuracy {
    private final AccuracyViewModel acc;
    private final TrainedViewModel trainedVm;
    private final ObservableStringValue planText;

    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper(this, "caption", AccuracyViewModel.CAPTION_PROJECTED);
    private final ReadOnlyStringWrapper value = new ReadOnlyStringWrapper(this, "value", "\u2014");
    private final ReadOnlyStringWrapper interval = new ReadOnlyStringWrapper(this, "interval", "");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");
    private final ReadOnlyStringWrapper beforeRetraining = new ReadOnlyStringWrapper(this, "beforeRetraining", "");
    private final ReadOnlyBooleanWrapper trained = new ReadOnlyBooleanWrapper(this, "trained");
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper(this, "stale");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);

    HeadlineAccuracy(AccuracyViewModel acc, TrainedViewModel trainedVm, ObservableStringValue planText) {
        this.acc = acc;
        this.trainedVm = trainedVm;
        this.planText = planText;
        acc.projectedProperty().addListener((o, a, b) -> refresh());
        acc.projectedCaptionProperty().addListener((o, a, b) -> refresh());
        acc.projectedNoteProperty().addListener((o, a, b) -> refresh());
        trainedVm.trainedProperty().addListener((o, a, b) -> refresh());
        planText.addListener((o, a, b) -> refresh());
        refresh();
    }

    /** "Trained (atlas) — best trained result for this plan", "Retrained on this machine — …" or the projected caption. */
    static String trainedCaption(Trained t) {
        String src = t.source() == Trained.Source.ATLAS
                ? (Atlas.KIND_QUANTIZED.equals(t.kind()) ? "Trained (atlas), quantized after training" : "Trained (atlas)")
                : "Retrained on this machine";
        return src + " \u2014 best trained result for this plan";
    }

    private void refresh() {
        AccuracyViewModel.Estimate p = acc.projectedProperty().get();
        Trained t = trainedVm.trainedProperty().get();
        boolean pStale = p != null && !p.planText().equals(planText.get());
        String projectedLine = p == null ? "" : p.percent() + " (" + p.interval() + ", " + p.samples() + (pStale ? ", previous plan" : "") + ")";
        if (t != null) {
            trained.set(true);
            stale.set(false);
            caption.set(trainedCaption(t));
            value.set(Formats.percent(100 * t.accuracy()));
            interval.set("95% CI " + Formats.decimal1(100 * t.ciLow()) + "\u2013" + Formats.percent(100 * t.ciHigh()));
            String how = Atlas.KIND_QUANTIZED.equals(t.kind()) ? "variant " + t.from() + " quantized without retraining"
                    : (t.from().equals("projection") ? "from the projection" : "from scratch");
            detail.set(how + ", " + t.epochs() + " epochs, seed " + t.seed() + ", measured on " + Formats.integer(t.samples()) + " samples");
            progress.set(1);
            beforeRetraining.set(p == null ? "Before retraining (projected): " + (acc.projectedNoteProperty().get().isEmpty()
                    ? "\u2014" : acc.projectedNoteProperty().get()) : "Before retraining (projected): " + projectedLine);
            return;
        }
        trained.set(false);
        beforeRetraining.set("");
        caption.set(acc.projectedCaptionProperty().get());
        stale.set(pStale);
        if (p == null) {
            value.set("\u2014");
            interval.set("");
            detail.set("");
            progress.set(0);
        } else {
            value.set(p.percent());
            interval.set(p.interval());
            detail.set(p.samples() + (pStale ? " \u00b7 previous plan" : ""));
            progress.set((double) p.progress().count() / p.progress().total());
        }
    }

    /** What the headline number is (trained source or projected). */
    public ReadOnlyStringProperty captionProperty() { return caption.getReadOnlyProperty(); }

    /** "95.0 %" or "—". */
    public ReadOnlyStringProperty valueProperty() { return value.getReadOnlyProperty(); }

    /** "95% CI 93.1–96.4 %". */
    public ReadOnlyStringProperty intervalProperty() { return interval.getReadOnlyProperty(); }

    /** How it was trained and on how many samples, or the projected sample count. */
    public ReadOnlyStringProperty detailProperty() { return detail.getReadOnlyProperty(); }

    /** "Before retraining (projected): 9.7 % (…)" under a trained headline; "" otherwise. */
    public ReadOnlyStringProperty beforeRetrainingProperty() { return beforeRetraining.getReadOnlyProperty(); }

    /** Whether the headline is a trained result. */
    public ReadOnlyBooleanProperty trainedProperty() { return trained.getReadOnlyProperty(); }

    /** Whether the headline is the projected accuracy of a previous plan (a new estimate is on its way). */
    public ReadOnlyBooleanProperty staleProperty() { return stale.getReadOnlyProperty(); }

    /** How much of the eval set the headline was measured on (0..1). */
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
}
