package org.tinyfit.model.provenance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a model's weights came from, as its maker recorded it: the trainer (plan, data
 * hashes, seed, epochs, the options it used), a quantization or projection of a parent
 * file (no retraining), an import (source file and hash), and the accuracy measured on
 * the model as written. Every field may be absent (null) except {@code kind}; keys of
 * {@code model.json} this type does not know are kept in {@link #extra()} and written back.
 * The JSON form ({@link ProvenanceJson}) reads the files TinyFit shipped before this type.
 *
 * @param kind            how the weights were made
 * @param plan            the effective plan of the model as written (plan text; "dense" for a dense baseline)
 * @param start           where training started: "scratch" or "projection" (trained models)
 * @param baseModel       name of the network the plan was applied to
 * @param parent          the model file this one was made from without training (quantization, projection, export)
 * @param trainData       the training set
 * @param evalData        the evaluation set the accuracy was measured on
 * @param seed            seed of initialisation and shuffling
 * @param epochs          training epochs (of the parent's training, for a model made from a trained parent)
 * @param hyperparameters the training settings actually used
 * @param method          how a model made without training was made (e.g. the quantization)
 * @param accuracy        accuracy measured on {@code evalData} of this model as written (not its parent's)
 * @param trainSeconds    wall time of training
 * @param imported        the source of an imported model
 * @param tool            the TinyFit version that made the file
 * @param date            ISO date the file was made
 * @param extra           other keys, in order (e.g. a baseline's data source)
 */
public record Provenance(ModelKind kind, String plan, String start, String baseModel, Parent parent, DataRef trainData,
                         DataRef evalData, Long seed, Integer epochs, Hyperparameters hyperparameters, String method,
                         Accuracy accuracy, Long trainSeconds, Imported imported, String tool, String date,
                         Map<String, Object> extra) {

    /** No provenance recorded. */
    public static final Provenance NONE = new Provenance(ModelKind.UNKNOWN, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, Map.of());

    public Provenance {
        if (kind == null) kind = ModelKind.UNKNOWN;
        extra = extra == null || extra.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** Whether nothing is recorded. */
    public boolean isEmpty() { return equals(NONE); }

    /** Measured accuracy and its 95% interval (Wilson). */
    public record Accuracy(double value, double ciLow, double ciHigh) { }

    /**
     * A data set: its name, file, size and SHA-256 of the file.
     *
     * @param extra other keys (e.g. how a shipped split was drawn)
     */
    public record DataRef(String name, String file, Long samples, String sha256, Map<String, Object> extra) {
        public DataRef {
            extra = extra == null || extra.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        }

        public DataRef(String name, String file, Long samples, String sha256) { this(name, file, samples, sha256, Map.of()); }
    }

    /**
     * The model a file was made from without training.
     *
     * @param file     its file name
     * @param kind     how the parent was made
     * @param plan     its plan
     * @param accuracy the accuracy its provenance recorded (for comparison; not this model's)
     */
    public record Parent(String file, ModelKind kind, String plan, Accuracy accuracy) { }

    /** Doped-KP training settings: overlay density annealing, co-matrix dropout and mask updates. */
    public record DkpSettings(double startDensity, double annealEnd, double dropout, int maskUpdates) { }

    /** Gradual magnitude pruning: cubic schedule from {@code start} to {@code end} (fractions of training), {@code updates} mask updates. */
    public record PruneSettings(double start, double end, int updates) { }

    /**
     * The settings of a training run, as used.
     *
     * @param dkp               doped-KP settings (present when a matrix was trained as DKP)
     * @param pruning           pruning schedule (present when a matrix was trained pruned)
     * @param quantizationAware whether a matrix was trained with b &lt; 32 bits (fake quantization, straight-through)
     * @param init              how the weights were initialised, when recorded
     * @param extra             other keys
     */
    public record Hyperparameters(String optimizer, Integer batchSize, Double learningRate, Integer warmupSteps, Double clipNorm,
                                  Double weightDecay, DkpSettings dkp, PruneSettings pruning, boolean quantizationAware,
                                  String init, Map<String, Object> extra) {
        public Hyperparameters {
            extra = extra == null || extra.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        }
    }

    /**
     * Where an imported model came from.
     *
     * @param format   "onnx" or "keras"
     * @param file     the imported file's name
     * @param sha256   its SHA-256
     * @param producer the framework that wrote it
     * @param opset    ONNX opset (ONNX only)
     * @param irVersion ONNX IR version (ONNX only)
     * @param layers   TinyFit layer name to the source's node or layer name
     * @param notes    what the import changed or could not check
     */
    public record Imported(String format, String file, String sha256, String producer, Integer opset, Long irVersion,
                           Map<String, String> layers, List<String> notes) {
        public Imported {
            layers = layers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(layers));
            notes = notes == null ? List.of() : List.copyOf(notes);
        }
    }

    // ------------------------------------------------------------------ makers

    /** An imported model (dense float32, accuracy not measured). */
    public static Provenance imported(Imported source, String date) {
        return new Provenance(ModelKind.IMPORTED, "dense", null, null, null, null, null, null, null, null, null, null, null, source,
                null, date, Map.of());
    }

    /**
     * A model trained by TinyFit.
     *
     * @param plan     the effective plan of the trained model
     * @param start    "scratch" or "projection"
     * @param accuracy measured on {@code evalData} after training
     */
    public static Provenance trained(String plan, String start, String baseModel, DataRef trainData, DataRef evalData, long seed,
                                     int epochs, Hyperparameters hp, Accuracy accuracy, long trainSeconds, String tool, String date) {
        return new Provenance(ModelKind.TRAINED, plan, start, baseModel, null, trainData, evalData, seed, epochs, hp, null, accuracy,
                trainSeconds, null, tool, date, Map.of());
    }

    // ------------------------------------------------------------------ derived copies

    public Provenance withKind(ModelKind k) {
        return new Provenance(k, plan, start, baseModel, parent, trainData, evalData, seed, epochs, hyperparameters, method, accuracy,
                trainSeconds, imported, tool, date, extra);
    }

    public Provenance withPlan(String p) {
        return new Provenance(kind, p, start, baseModel, parent, trainData, evalData, seed, epochs, hyperparameters, method, accuracy,
                trainSeconds, imported, tool, date, extra);
    }

    public Provenance withParent(Parent p) {
        return new Provenance(kind, plan, start, baseModel, p, trainData, evalData, seed, epochs, hyperparameters, method, accuracy,
                trainSeconds, imported, tool, date, extra);
    }

    public Provenance withEvalData(DataRef d) {
        return new Provenance(kind, plan, start, baseModel, parent, trainData, d, seed, epochs, hyperparameters, method, accuracy,
                trainSeconds, imported, tool, date, extra);
    }

    public Provenance withHyperparameters(Hyperparameters h) {
        return new Provenance(kind, plan, start, baseModel, parent, trainData, evalData, seed, epochs, h, method, accuracy,
                trainSeconds, imported, tool, date, extra);
    }

    public Provenance withMethod(String m) {
        return new Provenance(kind, plan, start, baseModel, parent, trainData, evalData, seed, epochs, hyperparameters, m, accuracy,
                trainSeconds, imported, tool, date, extra);
    }

    public Provenance withAccuracy(Accuracy a) {
        return new Provenance(kind, plan, start, baseModel, parent, trainData, evalData, seed, epochs, hyperparameters, method, a,
                trainSeconds, imported, tool, date, extra);
    }

    public Provenance withMade(String newTool, String newDate) {
        return new Provenance(kind, plan, start, baseModel, parent, trainData, evalData, seed, epochs, hyperparameters, method, accuracy,
                trainSeconds, imported, newTool, newDate, extra);
    }

    public Provenance withExtra(Map<String, Object> e) {
        return new Provenance(kind, plan, start, baseModel, parent, trainData, evalData, seed, epochs, hyperparameters, method, accuracy,
                trainSeconds, imported, tool, date, e);
    }

    /**
     * The provenance of a model made from this one without training (quantized or projected):
     * the training record (data, seed, epochs, settings) stays, since it describes how the
     * weights were learned; the kind, plan, parent and method are the new model's; the accuracy
     * is cleared until it is measured on the new model.
     */
    public Provenance derived(ModelKind newKind, String newPlan, String parentFile, String how, String newTool, String newDate) {
        Parent p = new Parent(parentFile, kind, plan, accuracy);
        return new Provenance(newKind, newPlan, start, baseModel, p, trainData, evalData, seed, epochs, hyperparameters, how, null,
                trainSeconds, imported, newTool, newDate, extra);
    }

    /** The JSON-compatible form written to {@code model.json}. */
    public Map<String, Object> toMap() { return ProvenanceJson.toMap(this); }

    /** Reads the JSON-compatible form (current and earlier files). */
    public static Provenance fromMap(Map<String, ?> m) { return ProvenanceJson.fromMap(m); }
}
