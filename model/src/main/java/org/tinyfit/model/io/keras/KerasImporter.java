package org.tinyfit.model.io.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tinyfit.model.io.BoundedRead;
import org.tinyfit.model.io.FiniteWeights;
import org.tinyfit.model.io.ImportOptions;
import org.tinyfit.model.io.MemoryBudget;
import org.tinyfit.model.io.TinyfitFormatException;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;
import org.tinyfit.model.provenance.Provenance;

/**
 * Imports a Keras {@code .h5} file ({@code model.save("m.h5")}) of a Sequential
 * model of LSTM / GRU layers followed by Dense layers.
 *
 * <p>The architecture comes from the root attribute {@code model_config} (JSON);
 * the weights from {@code model_weights/LAYER}, whose attribute {@code weight_names}
 * lists the datasets ({@code lstm/lstm_cell/kernel:0} in Keras 2,
 * {@code sequential/lstm/lstm_cell/kernel} in Keras 3), found by their last
 * path element: {@code kernel} [I, G*H], {@code recurrent_kernel} [H, G*H] and
 * {@code bias}. Keras LSTM gate columns are i, f, c, o (TinyFit's i, f, g, o);
 * GRU z, r, h. A GRU with {@code reset_after} (TensorFlow 2's default) has bias
 * [2, 3H] (input, recurrent) and maps to TinyFit's {@code linear_before_reset}
 * with b_z, b_r summed and the recurrent h bias kept apart. Dropout-like layers
 * are skipped; a final softmax is dropped (the logits keep the argmax).
 */
public final class KerasImporter {
    /** Largest .h5 file read (bytes). */
    public static final long MAX_FILE_BYTES = 1L << 30;
    /** Largest model_config (characters). */
    static final int MAX_CONFIG = 16 << 20;
    /** Largest weight tensor (elements). */
    static final long MAX_ELEMENTS = (512L << 20) / 4;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NO_OPS = Set.of("Dropout", "SpatialDropout1D", "GaussianNoise", "GaussianDropout",
            "AlphaDropout", "ActivityRegularization", "InputLayer");
    private static final String SUPPORTED = "TinyFit imports Sequential models of LSTM and GRU layers followed by Dense layers "
            + "(activations linear, relu, tanh, sigmoid; softmax last), with Dropout, Activation and Flatten layers";

    private KerasImporter() { }

    /** A Keras problem; the importer adds the file name. */
    private static final class KerasError extends RuntimeException {
        KerasError(String m) { super(m); }
    }

    public static Network read(Path file) throws IOException {
        return read(file, ImportOptions.DEFAULT);
    }

    public static Network read(Path file, ImportOptions opts) throws IOException {
        String fname = file.toString();
        if (!Files.exists(file)) throw new NoSuchFileException(fname);
        if (Files.isDirectory(file)) throw new TinyfitFormatException(fname, "is a folder, not a Keras .h5 file");
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) throw new TinyfitFormatException(fname, "is " + size + " bytes, more than the limit of " + MAX_FILE_BYTES + " for a Keras file");
        // jhdf is handed the file's bytes, never the file: its reads become slices of this
        // array, so a size it takes from a corrupt header cannot make it allocate more than the
        // file holds. The bytes are bounded by what the process can afford.
        MemoryBudget budget = new MemoryBudget(MAX_FILE_BYTES);
        long max = budget.remaining();
        if (size > max) {
            try {
                budget.reserve(size, "the file");
            } catch (MemoryBudget.Exceeded e) {
                throw new TinyfitFormatException(fname, e.getMessage());
            }
        }
        byte[] bytes = BoundedRead.bytes(file, max, "a Keras file this process can hold (" + MemoryBudget.mb(max) + ")");
        if (bytes.length >= 2 && bytes[0] == 'P' && bytes[1] == 'K') {
            throw new TinyfitFormatException(fname, "is a zip archive (a Keras 3 .keras file or a .tinyfit model?); TinyFit imports Keras models saved as .h5 (model.save(\"m.h5\"))");
        }
        String sha = HexFormat.of().formatHex(digest(bytes));
        try (HdfFile h5 = HdfFile.fromBytes(bytes)) {
            return build(h5, file, opts, sha);
        } catch (KerasError e) {
            throw new TinyfitFormatException(fname, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new TinyfitFormatException(fname, e.getMessage());
        } catch (RuntimeException e) {
            throw new TinyfitFormatException(fname, "is not a readable HDF5 file (" + (e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage())) + ")");
        } catch (StackOverflowError | OutOfMemoryError e) {
            // last resort around the third-party reader: a structure that loops (links or
            // continuation blocks that point back) ends here, its objects already unreachable
            throw new TinyfitFormatException(fname, "is not a readable HDF5 file (its structure loops or asks for more than the file holds: "
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static byte[] digest(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Network build(HdfFile h5, Path file, ImportOptions opts, String sha) {
        JsonNode cfg = config(h5);
        String cls = cfg.path("class_name").asText("");
        if (!cls.equals("Sequential")) {
            throw new KerasError("is a Keras " + (cls.isEmpty() ? "model without a class_name" : "'" + cls + "' model") + "; " + SUPPORTED);
        }
        JsonNode c = cfg.path("config");
        JsonNode layers = c.isArray() ? c : c.path("layers");
        if (!layers.isArray() || layers.isEmpty()) throw new KerasError("model_config lists no layers");
        long[] shape = inputShape(c, layers);
        Node mw = h5.getChild("model_weights");
        Group weights = mw instanceof Group gw ? gw : h5;
        int features = (int) shape[1];
        int steps = steps(shape[0], opts);
        List<Layer> out = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        int width = features;
        boolean sequence = true; // the current tensor still has a time axis
        boolean softmaxDropped = false;
        for (int li = 0; li < layers.size(); li++) {
            JsonNode l = layers.get(li);
            String type = l.path("class_name").asText("?");
            JsonNode lc = l.path("config");
            String lname = lc.path("name").asText("layer " + li);
            String where = type + " layer '" + lname + "'";
            if (softmaxDropped) throw new KerasError(where + " follows the softmax; TinyFit supports softmax only at the end");
            if (NO_OPS.contains(type)) continue;
            switch (type) {
                case "LSTM", "GRU" -> {
                    if (!sequence) throw new KerasError(where + " follows an RNN layer without return_sequences");
                    CellType cell = type.equals("LSTM") ? CellType.LSTM : CellType.GRU;
                    RnnLayer r = rnn(cell, lc, where, width, weights, lname, layerName(cell.id(), counts));
                    out.add(r);
                    names.put(r.name(), lname);
                    width = r.hidden();
                    sequence = lc.path("return_sequences").asBoolean(false);
                }
                case "Dense" -> {
                    if (sequence) {
                        throw new KerasError(where + " is applied to every time step (the RNN layer before it has return_sequences=True or there is none); "
                                + "TinyFit's dense layers read the last step");
                    }
                    String act = activationName(lc.path("activation"));
                    boolean isSoftmax = act.equals("softmax");
                    if (isSoftmax) {
                        if (li != lastLayer(layers)) throw new KerasError(where + " uses softmax before the last layer");
                        softmaxDropped = true;
                        notes.add("dropped the softmax of Dense layer '" + lname + "' (it does not change the predicted class; TinyFit's outputs are the logits)");
                    }
                    int units = positive(lc, "units", where);
                    float[] w = tensor(weights, lname, "kernel", new long[] {width, units}, where, true);
                    float[] b = lc.path("use_bias").asBoolean(true) ? tensor(weights, lname, "bias", new long[] {units}, where, true) : new float[units];
                    float[] wt = new float[units * width];
                    for (int i = 0; i < width; i++) for (int o = 0; o < units; o++) wt[o * width + i] = w[i * units + o];
                    String name = layerName("fc", counts);
                    out.add(new DenseLayer(name, width, units, new DenseOp(wt, units, width), b, isSoftmax ? Activation.NONE : activation(act, where)));
                    names.put(name, lname);
                    width = units;
                }
                case "Activation" -> {
                    String act = activationName(lc.path("activation"));
                    if (out.isEmpty() || !(out.get(out.size() - 1) instanceof DenseLayer d) || d.activation() != Activation.NONE || sequence) {
                        throw new KerasError(where + " (" + act + ") does not follow a Dense layer without activation");
                    }
                    if (act.equals("softmax")) {
                        if (li != lastLayer(layers)) throw new KerasError(where + " applies softmax before the last layer");
                        softmaxDropped = true;
                        notes.add("dropped the softmax Activation layer '" + lname + "' (it does not change the predicted class)");
                    } else {
                        out.set(out.size() - 1, new DenseLayer(d.name(), d.inputSize(), d.outputSize(), d.kernel(), d.bias(), activation(act, where)));
                    }
                }
                case "Flatten" -> {
                    if (sequence) throw new KerasError(where + " flattens the time steps; TinyFit's dense layers read the last step of an RNN layer");
                }
                case "Bidirectional" -> throw new KerasError(where + " is not supported: TinyFit imports forward (unidirectional) LSTM and GRU layers");
                default -> throw new KerasError(where + " is not supported. " + SUPPORTED);
            }
        }
        if (out.stream().noneMatch(x -> x instanceof RnnLayer)) throw new KerasError("has no LSTM or GRU layer; " + SUPPORTED);
        if (!(out.get(out.size() - 1) instanceof DenseLayer)) throw new KerasError("does not end in a Dense layer (the logits); " + SUPPORTED);
        String kv = attrText(h5, "keras_version");
        String backend = attrText(h5, "backend");
        Provenance prov = Provenance.imported(new Provenance.Imported("keras", file.getFileName().toString(), sha,
                ("keras " + (kv == null ? "" : kv) + (backend == null ? "" : " (" + backend + ")")).trim(), null, null, names, notes),
                LocalDate.now(ZoneOffset.UTC).toString());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("description", "Imported from " + file.getFileName() + " (Keras" + (kv == null ? "" : " " + kv) + ")");
        if (softmaxDropped) meta.put("softmax_dropped", true);
        return new Network(opts.nameFor(file), steps, features, out, null, meta, prov, Map.of());
    }

    private static int lastLayer(JsonNode layers) {
        int last = layers.size() - 1;
        while (last > 0 && Set.of("Dropout", "ActivityRegularization").contains(layers.get(last).path("class_name").asText())) last--;
        return last;
    }

    private static JsonNode config(HdfFile h5) {
        String text = attrText(h5, "model_config");
        if (text == null) {
            throw new KerasError("has no model_config attribute (a weights-only file from save_weights, or not a Keras model); "
                    + "TinyFit imports whole models saved with model.save(\"m.h5\")");
        }
        if (text.length() > MAX_CONFIG) throw new KerasError("model_config is longer than " + MAX_CONFIG + " characters");
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.isObject()) throw new KerasError("model_config is not a JSON object");
            return n;
        } catch (JsonProcessingException e) {
            throw new KerasError("model_config is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /** A string attribute of a node, or null. */
    private static String attrText(Node n, String name) {
        Attribute a = n.getAttribute(name);
        if (a == null) return null;
        checkAttributeSize(a, name);
        Object d = a.getData();
        if (d instanceof String s) return s;
        if (d instanceof String[] s && s.length == 1) return s[0];
        if (d instanceof byte[] b) return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        return null;
    }

    /** [steps or -1, features] from the InputLayer, the first layer's batch_input_shape or build_input_shape. */
    private static long[] inputShape(JsonNode c, JsonNode layers) {
        JsonNode s = null;
        for (JsonNode l : layers) {
            JsonNode lc = l.path("config");
            for (String k : new String[] {"batch_shape", "batch_input_shape"}) if (s == null && lc.has(k)) s = lc.get(k);
            if (s != null || !l.path("class_name").asText().equals("InputLayer")) break;
        }
        if (s == null && c.has("build_input_shape")) s = c.get("build_input_shape");
        if (s == null && layers.get(0).path("build_config").has("input_shape")) s = layers.get(0).path("build_config").get("input_shape");
        if (s == null || !s.isArray() || s.size() != 3) {
            throw new KerasError("model_config gives no input shape [batch, steps, features] (" + (s == null ? "none" : s) + ")");
        }
        JsonNode f = s.get(2), t = s.get(1);
        if (!f.canConvertToInt() || f.asInt() <= 0 || f.asInt() > 1_000_000) throw new KerasError("the input has " + f + " features; TinyFit needs a fixed positive number");
        long steps = t.isNull() ? -1 : t.asLong();
        if (!t.isNull() && (!t.canConvertToInt() || steps <= 0 || steps > 1_000_000)) throw new KerasError("the input has " + t + " steps");
        return new long[] {steps, f.asInt()};
    }

    private static int steps(long fromFile, ImportOptions opts) {
        if (fromFile < 0) {
            if (opts.steps() == null) throw new KerasError("the input's number of steps is not fixed (None); give the number of steps (tinyfit import --steps N)");
            return opts.steps();
        }
        if (opts.steps() != null && opts.steps() != fromFile) throw new KerasError("the input has " + fromFile + " steps, but " + opts.steps() + " were asked for");
        return (int) fromFile;
    }

    private static int positive(JsonNode lc, String key, String where) {
        JsonNode v = lc.get(key);
        if (v == null || !v.canConvertToInt() || v.asInt() <= 0 || v.asInt() > 1_000_000) throw new KerasError(where + " has " + key + " = " + v);
        return v.asInt();
    }

    private static String activationName(JsonNode a) {
        if (a == null || a.isMissingNode() || a.isNull()) return "linear";
        if (a.isTextual()) return a.asText().toLowerCase(Locale.ROOT);
        if (a.isObject()) return a.path("config").path("name").asText(a.path("class_name").asText("?")).toLowerCase(Locale.ROOT);
        return a.toString();
    }

    private static Activation activation(String act, String where) {
        return switch (act) {
            case "linear", "none" -> Activation.NONE;
            case "relu" -> Activation.RELU;
            case "tanh" -> Activation.TANH;
            case "sigmoid" -> Activation.SIGMOID;
            default -> throw new KerasError(where + " uses activation '" + act + "'; TinyFit supports linear, relu, tanh and sigmoid (and softmax last)");
        };
    }

    private static RnnLayer rnn(CellType cell, JsonNode lc, String where, int in, Group weights, String lname, String name) {
        int nH = positive(lc, "units", where);
        if (lc.path("go_backwards").asBoolean(false)) throw new KerasError(where + " runs backwards (go_backwards=True); TinyFit runs RNN layers forwards");
        if (lc.path("time_major").asBoolean(false)) throw new KerasError(where + " is time-major; TinyFit imports batch-major Keras layers");
        String act = activationName(lc.path("activation")), ract = activationName(lc.path("recurrent_activation"));
        if (lc.has("activation") && !act.equals("tanh")) throw new KerasError(where + " uses activation '" + act + "'; TinyFit's cells use tanh");
        if (lc.has("recurrent_activation") && !ract.equals("sigmoid")) {
            throw new KerasError(where + " uses recurrent_activation '" + ract + "'; TinyFit's gates use sigmoid");
        }
        int g = cell.gates();
        float[] k = tensor(weights, lname, "kernel", new long[] {in, (long) g * nH}, where, true);
        float[] rk = tensor(weights, lname, "recurrent_kernel", new long[] {nH, (long) g * nH}, where, true);
        boolean useBias = lc.path("use_bias").asBoolean(true);
        boolean resetAfter = cell == CellType.GRU && lc.path("reset_after").asBoolean(true);
        float[] b = new float[(resetAfter ? 2 : 1) * g * nH];
        if (useBias) b = tensor(weights, lname, "bias", resetAfter ? new long[] {2, (long) g * nH} : new long[] {(long) g * nH}, where, true);
        int cols = in + nH;
        float[] kernel = new float[g * nH * cols];
        for (int row = 0; row < g * nH; row++) {
            for (int j = 0; j < in; j++) kernel[row * cols + j] = k[j * g * nH + row];
            for (int j = 0; j < nH; j++) kernel[row * cols + in + j] = rk[j * g * nH + row];
        }
        float[] bias = new float[g * nH];
        float[] rbh = null;
        if (resetAfter) {
            rbh = new float[nH];
            for (int row = 0; row < g * nH; row++) bias[row] = b[row] + (row < 2 * nH ? b[g * nH + row] : 0f);
            System.arraycopy(b, g * nH + 2 * nH, rbh, 0, nH);
        } else {
            System.arraycopy(b, 0, bias, 0, g * nH);
        }
        return new RnnLayer(name, cell, in, nH, new DenseOp(kernel, g * nH, cols), bias, rbh, resetAfter, null);
    }

    /** Most elements of an attribute read (weight names, the config string). */
    static final long MAX_ATTRIBUTE_ELEMENTS = 100_000;

    private static void checkAttributeSize(Attribute a, String name) {
        if (a.getSize() < 0 || a.getSize() > MAX_ATTRIBUTE_ELEMENTS) {
            throw new KerasError("attribute '" + name + "' declares " + a.getSize() + " elements, more than the limit of " + MAX_ATTRIBUTE_ELEMENTS);
        }
    }

    /** The weight names of a layer group: attribute weight_names, or weight_names0, weight_names1, ... when Keras chunked it. */
    private static List<String> weightNames(Group layer) {
        List<String> out = new ArrayList<>();
        Attribute a = layer.getAttribute("weight_names");
        if (a != null) {
            checkAttributeSize(a, "weight_names");
            addNames(out, a.getData());
            return out;
        }
        for (int i = 0; i < 10_000; i++) {
            Attribute c = layer.getAttribute("weight_names" + i);
            if (c == null) break;
            checkAttributeSize(c, "weight_names" + i);
            addNames(out, c.getData());
        }
        return out;
    }

    private static void addNames(List<String> out, Object d) {
        if (d instanceof String s) out.add(s);
        else if (d instanceof String[] ss) out.addAll(Arrays.asList(ss));
        else throw new KerasError("weight_names is not a list of strings");
    }

    /** The layer's weight whose name ends in {@code role} (kernel, recurrent_kernel, bias), checked against {@code shape} before reading. */
    private static float[] tensor(Group weights, String layer, String role, long[] shape, String where, boolean required) {
        Node ln = weights.getChild(layer);
        if (!(ln instanceof Group lg)) throw new KerasError(where + " has no weights (no group model_weights/" + layer + ")");
        String path = null;
        for (String w : weightNames(lg)) {
            String last = w.substring(w.lastIndexOf('/') + 1);
            if (last.endsWith(":0")) last = last.substring(0, last.length() - 2);
            if (last.equals(role)) {
                path = w;
                break;
            }
        }
        if (path == null) {
            if (!required) return null;
            throw new KerasError(where + " has no " + role + " weight (weight_names: " + weightNames(lg) + ")");
        }
        Node dn;
        try {
            dn = lg.getByPath(path);
        } catch (RuntimeException e) {
            throw new KerasError(where + ": weight '" + path + "' is listed in weight_names but missing from the file");
        }
        if (!(dn instanceof Dataset ds)) throw new KerasError(where + ": weight '" + path + "' is not a dataset");
        int[] dims = ds.getDimensions();
        long n = 1;
        for (int d : dims) {
            if (d < 0 || (d > 0 && n > MAX_ELEMENTS / d)) throw new KerasError(where + ": weight '" + path + "' of shape " + Arrays.toString(dims) + " is larger than the limit");
            n *= d;
        }
        if (8 * n > MemoryBudget.affordable()) {
            throw new KerasError(where + ": weight '" + path + "' of shape " + Arrays.toString(dims) + " needs " + MemoryBudget.mb(8 * n)
                    + ", more than this process can afford (give Java more memory with -Xmx)");
        }
        long[] have = Arrays.stream(dims).asLongStream().toArray();
        if (!Arrays.equals(have, shape)) {
            throw new KerasError(where + ": weight '" + path + "' has shape " + Arrays.toString(dims) + ", the layer's config needs " + Arrays.toString(shape));
        }
        if (!(ds.getDataType() instanceof FloatingPoint) || ds.isVariableLength() || ds.isCompound()) {
            throw new KerasError(where + ": weight '" + path + "' does not hold floats");
        }
        Object data = ds.getDataFlat();
        float[] f;
        if (data instanceof float[] fl) {
            f = fl;
        } else if (data instanceof double[] dd) {
            f = new float[dd.length];
            for (int i = 0; i < dd.length; i++) f[i] = (float) dd[i];
        } else {
            f = null;
        }
        if (f != null) {
            try {
                return FiniteWeights.require(f, path);
            } catch (IllegalArgumentException e) {
                throw new KerasError(where + ": " + e.getMessage());
            }
        }
        throw new KerasError(where + ": weight '" + path + "' holds " + (data == null ? "nothing" : data.getClass().getSimpleName()) + ", not float32 or float64");
    }

    static String layerName(String base, Map<String, Integer> counts) {
        int k = counts.merge(base, 1, Integer::sum);
        return k == 1 ? base : base + k;
    }

}
