package org.tinyfit.views.explorer;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.export.ExportService;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.ontarget.Core;
import org.tinyfit.model.ontarget.TargetRun;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.views.Errors;
import org.tinyfit.views.LatestTaskLane;

/**
 * The window's exports (C, the model, the cost table) and the on-target check, all
 * through the one {@link ExportService} on one lane. Every export takes the same weights:
 * the trained ones of the plan when there are any (an atlas variant or a retrain here),
 * else the stored weights projected onto the plan.
 */
final class ExportActions {
    /** What an export works on, captured on the fx thread. */
    record What(Network net, Path modelFile, CompressionPlan plan, Device device, Trained trained,
                DataViewModel.Attached eval, DataViewModel.Attached train) { }

    @FunctionalInterface
    interface Job<T> {
        T run(ExportService.Source src, String weights) throws Exception;
    }

    private final LatestTaskLane lane;
    private final TrainedViewModel trainedVm;
    private final Consumer<Message> messages;
    private final String tool;
    private final ReadOnlyStringWrapper targetReport = new ReadOnlyStringWrapper(this, "targetReport", "");

    ExportActions(Executor executor, Executor fx, TrainedViewModel trainedVm, Consumer<Message> messages, String tool) {
        this.lane = new LatestTaskLane("export", executor, fx);
        this.trainedVm = trainedVm;
        this.messages = messages;
        this.tool = tool;
    }

    void c(What w, Path dir) { c(w, dir, org.tinyfit.model.export.ExportService.TEST_SAMPLES); }

    /** C into {@code dir} with {@code samples} test vectors ({@code w.trained()} null: the projected weights). */
    void c(What w, Path dir, int samples) { c(w, dir, samples, false); }

    /** As above; with {@code compile} the C is compiled for the device's core and its sizes reported ({@link CompileCheck}). */
    void c(What w, Path dir, int samples, boolean compile) {
        export(w, "C export", (src, weights) -> {
            String done = Exports.c(src, w.device(), dir, "TinyFit " + tool + " (explorer)", weights,
                    w.eval() == null ? null : w.eval().data(), samples);
            return compile ? done + " " + CompileCheck.run(dir, w.device()) : done;
        });
    }

    void model(What w, Path file) {
        export(w, "Model export", (src, weights) -> Exports.model(src, file, tool, weights));
    }

    void costTable(What w, Path file) {
        export(w, "Cost table export", (src, weights) -> Exports.csv(src, w.device(), file));
    }

    /** Exports C with the bare-metal project for {@code core}, builds it and runs it on QEMU; the report lands in {@link #targetReportProperty()}. */
    void onTarget(What w, Path dir, Core core, boolean fastNonlinear) {
        messages.accept(new Message("Exporting C and running it on an emulated " + core.id() + "\u2026", false));
        lane.<TargetRun.Outcome>submit(0, ctx -> source(w, (src, weights) ->
                TargetCheck.run(src, w.device(), dir, core, fastNonlinear, "TinyFit " + tool + " (explorer)")),
                new LatestTaskLane.Sink<TargetRun.Outcome>() {
                    @Override public void done(TargetRun.Outcome o) {
                        String first = o.report() != null ? "On-target check on " + core.id() + ": " + o.report().verdict() : o.message();
                        messages.accept(new Message(first, o.failed()));
                        targetReport.set("");
                        targetReport.set(o.text());
                    }

                    @Override public void failed(String msg) {
                        messages.accept(new Message("On-target check failed: " + Errors.firstLine(msg), true));
                    }
                });
    }

    /** The text of the last on-target check (empty before the first). */
    ReadOnlyStringProperty targetReportProperty() { return targetReport.getReadOnlyProperty(); }

    private void export(What w, String what, Job<String> job) {
        messages.accept(new Message(what + "\u2026", false));
        lane.<String>submit(0, ctx -> source(w, job), new LatestTaskLane.Sink<String>() {
            @Override public void done(String text) { messages.accept(new Message(text, false)); }

            @Override public void failed(String msg) { messages.accept(new Message(what + " failed: " + Errors.firstLine(msg), true)); }
        });
    }

    /** Runs {@code job} on the weights every export takes (see the class comment); reads files, so off the fx thread. */
    private <T> T source(What w, Job<T> job) throws Exception {
        Trained tr = w.trained();
        Optional<Network> t = trainedVm.load(tr);
        Path dir = w.modelFile() == null ? null : w.modelFile().toAbsolutePath().getParent();
        if (t.isEmpty()) return job.run(new ExportService.Source(w.net(), w.modelFile(), w.plan()), "projected onto the plan, not retrained");
        if (tr.source() == Trained.Source.ATLAS) {
            return job.run(new ExportService.Source(t.get(), dir == null ? null : dir.resolve(tr.file()), dir, w.plan()),
                    "trained weights of atlas variant " + tr.file());
        }
        return job.run(new ExportService.Source(t.get().withDatasets(datasetsUsed(t.get(), w)), null, dir, w.plan()),
                "trained weights of the retrain on this machine");
    }

    /**
     * The data sets a retrain was made with, named for its export: the attached files whose hashes its
     * provenance records, else the base model's own (the retrain cache keeps no names).
     */
    static java.util.Map<String, String> datasetsUsed(Network retrained, What w) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>(w.net().datasets());
        var prov = retrained.provenance();
        put(out, "train", w.train(), prov.trainData());
        put(out, "eval", w.eval(), prov.evalData());
        return out;
    }

    private static void put(java.util.Map<String, String> out, String role, DataViewModel.Attached a,
                            org.tinyfit.model.provenance.Provenance.DataRef used) {
        if (a == null || used == null) return;
        if (used.sha256() != null && !used.sha256().equals(a.sha256())) return;
        // a model names its data sets by plain file names beside it: one-file sets only (the export keeps those beside it)
        java.util.List<Path> fs = org.tinyfit.model.io.DataFiles.files(a.arg());
        if (fs.size() == 1 && fs.get(0).getFileName() != null) out.put(role, fs.get(0).getFileName().toString());
        else out.remove(role);
    }
}
