package org.tinyfit.views.explorer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.explore.Atlas;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.plan.CompressionPlan;

/**
 * What the trained-accuracy view knows of one loaded model: its atlas, its file's bytes
 * (the key of its retrain cache), its training set and why retraining is unavailable, and
 * the retrains done here. {@link #load} reads them off the fx thread.
 */
final class TrainedSession {
    final Network net;
    final Path file;
    final EvalData evalData;
    private final Map<String, List<Trained>> retrained = new ConcurrentHashMap<>(); // effective plan text -> every retrain here
    final java.util.Set<String> looked = ConcurrentHashMap.newKeySet(); // plans whose cached retrains were read
    volatile Atlas atlas;
    volatile byte[] bytes;
    volatile Dataset ownTrain;
    volatile String ownTrainHash;
    volatile String ownNoTrainReason;
    volatile boolean retrainingAvailable;
    /** Data sets the user attached (null: none). */
    volatile DataViewModel.Attached attachedTrain;
    volatile DataViewModel.Attached attachedEval;
    volatile Dataset eval;
    volatile double denseMacs;

    /** The training set: the attached one, else the one the model names (null: none, or not read yet). */
    Dataset train() {
        DataViewModel.Attached a = attachedTrain;
        return a != null && retrainingAvailable && bytes != null ? a.data() : ownTrain;
    }

    String trainHash() {
        DataViewModel.Attached a = attachedTrain;
        return a != null && retrainingAvailable && bytes != null ? a.sha256() : ownTrainHash;
    }

    /** Why there is no training set (null: there is one, or it is being read). */
    String noTrainReason() {
        return attachedTrain != null && retrainingAvailable && bytes != null ? null : ownNoTrainReason;
    }

    /** Adds a retrain of its plan (a run with the same settings replaces the earlier one); false when it was known. */
    synchronized boolean addRetrain(Trained t) {
        List<Trained> l = retrained.computeIfAbsent(t.planText(), k -> new java.util.concurrent.CopyOnWriteArrayList<>());
        for (int i = 0; i < l.size(); i++) {
            Trained o = l.get(i);
            if (o.epochs() == t.epochs() && o.seed() == t.seed() && o.from().equals(t.from())) {
                if (o.equals(t)) return false;
                l.set(i, t);
                return true;
            }
        }
        l.add(t);
        return true;
    }

    /** Every retrain of plan {@code t} done or found here. */
    List<Trained> retrainsOf(String t) { return List.copyOf(retrained.getOrDefault(t, List.of())); }

    TrainedSession(Network net, Path file, EvalData evalData) {
        this.net = net;
        this.file = file;
        this.evalData = evalData;
    }

    /**
     * Reads the atlas beside the model file (an unreadable atlas is reported to
     * {@code atlasError} and counts as empty), the model's bytes and its training set.
     */
    void load(boolean retrainingAvailable, Consumer<Exception> atlasError) throws Exception {
        Path dir = file == null ? null : file.toAbsolutePath().getParent();
        if (dir != null) {
            try {
                atlas = Atlas.read(dir.resolve(Atlas.FILE));
            } catch (Exception e) {
                atlas = new Atlas(List.of());
                atlasError.accept(e);
            }
        } else {
            atlas = new Atlas(List.of());
        }
        denseMacs = CostModel.estimate(net, CompressionPlan.none(), DeviceCatalog.builtIn().devices().get(0), CostOptions.DEFAULT).macs();
        if (file != null && Files.isRegularFile(file)) {
            bytes = org.tinyfit.model.io.BoundedRead.bytes(file, Math.min(Integer.MAX_VALUE - 16, org.tinyfit.model.io.MemoryBudget.affordable()), "a model this process can hold");
        }
        String rel = net.datasets().get("train");
        this.retrainingAvailable = retrainingAvailable;
        if (!retrainingAvailable) ownNoTrainReason = "retraining is not set up in this window";
        else if (bytes == null) ownNoTrainReason = "the model was not read from a file";
        else if (rel == null) ownNoTrainReason = "the model names no training set; attach one (Data\u2026)";
        else {
            Path tp = dir.resolve(rel);
            if (!Files.isRegularFile(tp)) ownNoTrainReason = "its training set " + rel + " is missing; attach one (Data\u2026)";
            else {
                Dataset d = DatasetFile.read(tp);
                StreamingEvaluator.checkCompatible(net, d);
                ownTrainHash = DatasetFile.sha256(tp);
                ownTrain = d;
            }
        }
    }
}
