package org.tinyfit.views.explorer;

import java.io.IOException;
import java.nio.file.Path;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.export.ExportService;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.views.Formats;

/**
 * The explorer's exports of the current plan, through {@link ExportService} (as
 * {@code tinyfit export}): C sources, a compressed .tinyfit, the per-matrix cost table.
 * Called off the fx thread; each returns the sentence the message bar shows.
 */
public final class Exports {
    private Exports() { }

    /** Writes tinyfit_model.h/.c, main.c and test_vector.h into {@code dir} (created when missing). */
    public static String c(ExportService.Source src, Device dev, Path dir, String producer, String weights) throws IOException {
        return c(src, dev, dir, producer, weights, null, ExportService.TEST_SAMPLES);
    }

    /** As above; the test vectors from {@code testData} (null: the model's eval set, else random inputs). */
    public static String c(ExportService.Source src, Device dev, Path dir, String producer, String weights,
                           org.tinyfit.model.data.Dataset testData, int samples) throws IOException {
        ExportService.CExported x = ExportService.c(src, dev, dir, testData, samples, producer);
        var mem = x.result().memory();
        var est = x.result().estimate();
        return "Wrote " + String.join(", ", x.result().files().keySet()) + " to " + dir + " (test vector: " + x.testVector().source()
                + "). Flash " + Formats.integer(est.flashBytes()) + " bytes (estimate); SRAM " + Formats.integer(mem.totalBytes())
                + " bytes of static buffers in the C, " + Formats.integer(est.sramBytes()) + " bytes estimated on " + dev.id()
                + (mem.excessBytes() == 0 ? "" : " (tinyfit_model.h explains the difference)")
                + ". Weights: " + weights + ".";
    }

    /** Writes the model under the plan (factors stored, how it was made and its measured accuracy in its provenance) to {@code file}. */
    public static String model(ExportService.Source src, Path file, String version, String weights) throws IOException {
        ExportService.ModelExported x = ExportService.model(src, file, version);
        String plan = PlanText.format(x.plan());
        return "Wrote " + file + ": " + Formats.params(x.model().params()) + ", plan " + (plan.isEmpty() ? "(as stored)" : plan)
                + (x.accuracy() == null ? "" : ", accuracy " + Formats.percent(100 * x.accuracy().accuracy()) + " measured on "
                        + Formats.integer(x.accuracy().count()) + " samples")
                + " (" + weights + "); " + datasets(x);
    }

    /** "data sets: train /d/x.npz, eval test.safetensors" or what the provenance says it was trained and measured on. */
    static String datasets(ExportService.ModelExported x) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (var e : x.model().datasets().entrySet()) parts.add(e.getKey() + " " + e.getValue());
        String named = parts.isEmpty() ? "data sets: none named beside it" : "data sets: " + String.join(", ", parts);
        if (!x.droppedDatasets().isEmpty()) named += " (not beside the file, so not named: " + String.join(", ", x.droppedDatasets().values()) + ")";
        var p = x.model().provenance();
        java.util.List<String> used = new java.util.ArrayList<>();
        if (p.trainData() != null) used.add("trained on " + ref(p.trainData()));
        if (p.evalData() != null) used.add("measured on " + ref(p.evalData()));
        return named + (used.isEmpty() ? "" : "; " + String.join(", ", used));
    }

    private static String ref(org.tinyfit.model.provenance.Provenance.DataRef d) {
        String what = d.file() != null && !d.file().equals(d.name()) ? d.file() + " (" + d.name() : d.name() + " (";
        if (!what.endsWith("(")) what += ", ";
        return what + (d.samples() == null ? "" : Formats.integer(d.samples()) + " samples")
                + (d.sha256() == null ? "" : (d.samples() == null ? "" : ", ") + "sha256 " + d.sha256().substring(0, Math.min(12, d.sha256().length())) + "\u2026") + ")";
    }

    /** Writes the per-matrix cost table of the plan on {@code dev} as CSV. */
    public static String csv(ExportService.Source src, Device dev, Path file) throws IOException {
        CostReport r = ExportService.costs(src, dev, CostOptions.DEFAULT, file).report();
        return "Wrote " + file + ": " + r.matrices().size() + " matrices, flash " + Formats.bytes(r.flashBytes()) + ", SRAM "
                + Formats.bytes(r.sramBytes()) + " on " + dev.id() + " (estimates)";
    }
}
