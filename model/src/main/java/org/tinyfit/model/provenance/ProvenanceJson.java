package org.tinyfit.model.provenance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinyfit.model.provenance.Provenance.Accuracy;
import org.tinyfit.model.provenance.Provenance.DataRef;
import org.tinyfit.model.provenance.Provenance.DkpSettings;
import org.tinyfit.model.provenance.Provenance.Hyperparameters;
import org.tinyfit.model.provenance.Provenance.Imported;
import org.tinyfit.model.provenance.Provenance.Parent;
import org.tinyfit.model.provenance.Provenance.PruneSettings;

/**
 * The JSON-compatible form of {@link Provenance} (the {@code provenance} object of
 * {@code model.json}, docs/FORMATS.md). Reads the files written before the record was
 * typed: a quantized file whose kind is the old sentence "... quantized after training"
 * carried its parent's accuracy, which is read as the parent's; an export's
 * {@code compressed_from}/{@code compressed_with}/{@code compressed_date} are read as
 * parent, method and date; the old hyper-parameter sentences for DKP, pruning and
 * quantization-aware training count only when the plan used them.
 */
public final class ProvenanceJson {
    /** The sentence written for quantization-aware training. */
    public static final String QAT = "quantization-aware (per-tensor symmetric fake quantization, straight-through estimator)";
    private static final String SCHEDULE = "linear warm-up %d steps, cosine decay to 0";
    private static final Pattern WARMUP = Pattern.compile("linear warm-up (\\d+) steps, cosine decay to 0");
    private static final Pattern OLD_DKP = Pattern.compile("overlay density annealed from ([0-9.]+) \\(cubic\\) until ([0-9.]+) of training; co-matrix dropout ([0-9.]+)");
    private static final Pattern OLD_PRUNE = Pattern.compile("from ([0-9.]+) to ([0-9.]+) of training, (\\d+) mask updates");
    /** Mask updates of DKP training before they were recorded (DkpStructure's fixed count). */
    private static final int OLD_DKP_UPDATES = 30;

    private ProvenanceJson() { }

    // ------------------------------------------------------------------ writing

    public static Map<String, Object> toMap(Provenance p) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (p.isEmpty()) return m;
        m.put("kind", p.kind().id());
        put(m, "plan", p.plan());
        put(m, "from", p.start());
        put(m, "base_model", p.baseModel());
        if (p.parent() != null) {
            Map<String, Object> q = new LinkedHashMap<>();
            put(q, "file", p.parent().file());
            if (p.parent().kind() != null && p.parent().kind() != ModelKind.UNKNOWN) q.put("kind", p.parent().kind().id());
            put(q, "plan", p.parent().plan());
            if (p.parent().accuracy() != null) {
                q.put("accuracy", p.parent().accuracy().value());
                q.put("accuracy_ci", List.of(p.parent().accuracy().ciLow(), p.parent().accuracy().ciHigh()));
            }
            m.put("parent", q);
        }
        put(m, "method", p.method());
        if (p.trainData() != null) m.put("train_data", data(p.trainData()));
        if (p.evalData() != null) m.put("eval_data", data(p.evalData()));
        Imported im = p.imported();
        if (im != null) {
            put(m, "source", im.format() == null ? null : im.format() + " import");
            put(m, "file", im.file());
            put(m, "sha256", im.sha256());
            put(m, "opset", im.opset());
            put(m, "ir_version", im.irVersion());
            put(m, "producer", im.producer());
            if (!im.layers().isEmpty()) m.put("onnx".equals(im.format()) ? "nodes" : "layers", new LinkedHashMap<>(im.layers()));
            if (!im.notes().isEmpty()) m.put("notes", new ArrayList<>(im.notes()));
        }
        m.putAll(p.extra());
        put(m, "seed", p.seed());
        put(m, "epochs", p.epochs());
        if (p.hyperparameters() != null) m.put("hyperparameters", hyper(p.hyperparameters()));
        if (p.accuracy() != null) {
            m.put("accuracy", p.accuracy().value());
            m.put("accuracy_ci", List.of(p.accuracy().ciLow(), p.accuracy().ciHigh()));
        }
        put(m, "train_seconds", p.trainSeconds());
        put(m, "tinyfit_version", p.tool());
        put(m, "date", p.date());
        return m;
    }

    private static Map<String, Object> data(DataRef d) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "name", d.name());
        put(m, "file", d.file());
        put(m, "samples", d.samples());
        put(m, "sha256", d.sha256());
        m.putAll(d.extra());
        return m;
    }

    private static Map<String, Object> hyper(Hyperparameters h) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "optimizer", h.optimizer());
        put(m, "batch_size", h.batchSize());
        put(m, "learning_rate", h.learningRate());
        if (h.warmupSteps() != null) m.put("schedule", String.format(SCHEDULE, h.warmupSteps()));
        put(m, "clip_norm", h.clipNorm());
        put(m, "weight_decay", h.weightDecay());
        put(m, "init", h.init());
        if (h.dkp() != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("start_density", h.dkp().startDensity());
            d.put("anneal_end", h.dkp().annealEnd());
            d.put("dropout", h.dkp().dropout());
            d.put("mask_updates", h.dkp().maskUpdates());
            m.put("dkp", d);
        }
        if (h.pruning() != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("schedule", "gradual magnitude, cubic");
            d.put("start", h.pruning().start());
            d.put("end", h.pruning().end());
            d.put("updates", h.pruning().updates());
            m.put("pruning", d);
        }
        if (h.quantizationAware()) m.put("quantization", QAT);
        m.putAll(h.extra());
        return m;
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) m.put(k, v);
    }

    // ------------------------------------------------------------------ reading

    private static final Set<String> KNOWN = Set.of("kind", "plan", "from", "base_model", "parent", "method", "train_data", "eval_data",
            "seed", "epochs", "hyperparameters", "accuracy", "accuracy_ci", "train_seconds", "tinyfit_version", "date",
            "compressed_from", "compressed_with", "compressed_date");
    private static final Set<String> IMPORT_KEYS = Set.of("source", "file", "sha256", "opset", "ir_version", "producer", "nodes", "layers", "notes");

    public static Provenance fromMap(Map<String, ?> m) {
        if (m == null || m.isEmpty()) return Provenance.NONE;
        Object kindValue = m.get("kind");
        String kindText = kindValue instanceof String s ? s : null;
        ModelKind kind = ModelKind.parse(kindText);
        String plan = str(m.get("plan"));
        Accuracy acc = accuracy(m.get("accuracy"), m.get("accuracy_ci"));
        Parent parent = parent(m.get("parent"));
        String method = str(m.get("method"));
        String date = str(m.get("date"));
        String trainedPlan = plan;
        if (kind == ModelKind.QUANTIZED_AFTER_TRAINING && kindText != null && !kindText.equals(kind.id()) && parent == null) {
            // written before provenance was typed: the file carried its trained parent's accuracy
            Matcher v = Pattern.compile("trained variant (\\S+), ").matcher(kindText);
            parent = new Parent(v.find() ? v.group(1) : null, ModelKind.TRAINED, null, acc);
            acc = null;
            if (method == null) method = "quantized after training (no retraining)";
            // its hyper-parameters are the parent's training, under the parent's (float) plan
            if (plan != null) trainedPlan = plan.replaceAll("/int\\d+", "").replace("activations=int8", "");
        }
        if (m.get("compressed_from") != null || m.get("compressed_with") != null) {
            // an export written before provenance was typed: its accuracy was the parent's
            if (parent == null) parent = new Parent(str(m.get("compressed_from")), kind, null, acc);
            acc = null;
            kind = ModelKind.PROJECTED;
            if (method == null) method = str(m.get("compressed_with"));
            if (m.get("compressed_date") != null) date = str(m.get("compressed_date"));
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        if (kind == ModelKind.UNKNOWN && kindValue != null && !ModelKind.UNKNOWN.id().equals(kindText)) extra.put("kind", kindValue);
        Imported imported = null;
        if (kind == ModelKind.IMPORTED) imported = imported(m);
        for (var e : m.entrySet()) {
            if (KNOWN.contains(e.getKey())) continue;
            if (imported != null && IMPORT_KEYS.contains(e.getKey())) continue;
            extra.put(e.getKey(), e.getValue());
        }
        Number seed = num(m.get("seed")), epochs = num(m.get("epochs")), secs = num(m.get("train_seconds"));
        return new Provenance(kind, plan, str(m.get("from")), str(m.get("base_model")), parent, dataRef(m.get("train_data")),
                dataRef(m.get("eval_data")), seed == null ? null : seed.longValue(), epochs == null ? null : epochs.intValue(),
                hyperparameters(m.get("hyperparameters"), trainedPlan), method, acc, secs == null ? null : secs.longValue(), imported,
                str(m.get("tinyfit_version")), date, extra);
    }

    private static Imported imported(Map<String, ?> m) {
        String source = str(m.get("source"));
        String format = source == null ? null : source.replace(" import", "");
        Map<String, String> layers = new LinkedHashMap<>();
        Object l = m.get("nodes") != null ? m.get("nodes") : m.get("layers");
        if (l instanceof Map<?, ?> lm) for (var e : lm.entrySet()) layers.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
        List<String> notes = new ArrayList<>();
        if (m.get("notes") instanceof List<?> ns) for (Object n : ns) notes.add(String.valueOf(n));
        Number opset = num(m.get("opset")), ir = num(m.get("ir_version"));
        return new Imported(format, str(m.get("file")), str(m.get("sha256")), str(m.get("producer")),
                opset == null ? null : opset.intValue(), ir == null ? null : ir.longValue(), layers, notes);
    }

    private static Parent parent(Object o) {
        if (!(o instanceof Map<?, ?> m)) return null;
        return new Parent(str(m.get("file")), m.get("kind") == null ? null : ModelKind.parse(str(m.get("kind"))), str(m.get("plan")),
                accuracy(m.get("accuracy"), m.get("accuracy_ci")));
    }

    private static Accuracy accuracy(Object a, Object ci) {
        if (!(a instanceof Number v)) return null;
        double lo = v.doubleValue(), hi = v.doubleValue();
        if (ci instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number x && l.get(1) instanceof Number y) {
            lo = x.doubleValue();
            hi = y.doubleValue();
        }
        return new Accuracy(v.doubleValue(), lo, hi);
    }

    private static DataRef dataRef(Object o) {
        if (!(o instanceof Map<?, ?> m)) return null;
        Map<String, Object> extra = new LinkedHashMap<>();
        for (var e : m.entrySet()) {
            String k = String.valueOf(e.getKey());
            if (!Set.of("name", "file", "samples", "sha256").contains(k)) extra.put(k, e.getValue());
        }
        Number n = num(m.get("samples"));
        return new DataRef(str(m.get("name")), str(m.get("file")), n == null ? null : n.longValue(), str(m.get("sha256")), extra);
    }

    private static Hyperparameters hyperparameters(Object o, String plan) {
        if (!(o instanceof Map<?, ?> m)) return null;
        String p = plan == null ? "" : plan;
        Map<String, Object> extra = new LinkedHashMap<>();
        Integer warmup = null;
        DkpSettings dkp = null;
        PruneSettings prune = null;
        boolean qat = false;
        for (var e : m.entrySet()) {
            String k = String.valueOf(e.getKey());
            Object v = e.getValue();
            switch (k) {
                case "optimizer", "batch_size", "learning_rate", "clip_norm", "weight_decay", "init" -> { }
                case "schedule" -> {
                    Matcher w = v instanceof String s ? WARMUP.matcher(s) : null;
                    if (w != null && w.matches()) warmup = Integer.parseInt(w.group(1));
                    else extra.put(k, v);
                }
                case "dkp" -> {
                    if (v instanceof Map<?, ?> d) {
                        dkp = new DkpSettings(dbl(d.get("start_density")), dbl(d.get("anneal_end")), dbl(d.get("dropout")),
                                num(d.get("mask_updates")) == null ? OLD_DKP_UPDATES : num(d.get("mask_updates")).intValue());
                    } else if (v instanceof String s && p.contains("dkp:")) {
                        // the sentence of earlier files, which recorded it whatever the plan
                        Matcher x = OLD_DKP.matcher(s);
                        if (x.find()) dkp = new DkpSettings(Double.parseDouble(x.group(1)), Double.parseDouble(x.group(2)), Double.parseDouble(x.group(3)), OLD_DKP_UPDATES);
                        else extra.put(k, v);
                    }
                }
                case "pruning" -> {
                    if (v instanceof Map<?, ?> d) {
                        prune = new PruneSettings(dbl(d.get("start")), dbl(d.get("end")), num(d.get("updates")) == null ? 0 : num(d.get("updates")).intValue());
                    } else if (v instanceof String s && p.contains("prune:")) {
                        Matcher x = OLD_PRUNE.matcher(s);
                        if (x.find()) prune = new PruneSettings(Double.parseDouble(x.group(1)), Double.parseDouble(x.group(2)), Integer.parseInt(x.group(3)));
                        else extra.put(k, v);
                    }
                }
                case "quantization" -> {
                    // earlier files wrote "... for b < 32" whatever the plan: it held only when a matrix had fewer bits
                    String s = String.valueOf(v);
                    qat = s.startsWith("quantization-aware") && (!s.endsWith("for b < 32") || p.contains("/int"));
                }
                default -> extra.put(k, v);
            }
        }
        Number bs = num(m.get("batch_size"));
        return new Hyperparameters(str(m.get("optimizer")), bs == null ? null : bs.intValue(), dblOrNull(m.get("learning_rate")), warmup,
                dblOrNull(m.get("clip_norm")), dblOrNull(m.get("weight_decay")), dkp, prune, qat, str(m.get("init")), extra);
    }

    private static String str(Object o) { return o == null ? null : String.valueOf(o); }

    private static Number num(Object o) { return o instanceof Number n ? n : null; }

    private static double dbl(Object o) { return o instanceof Number n ? n.doubleValue() : Double.NaN; }

    private static Double dblOrNull(Object o) { return o instanceof Number n ? n.doubleValue() : null; }
}
