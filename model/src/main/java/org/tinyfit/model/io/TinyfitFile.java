package org.tinyfit.model.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.LinearOp;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;
import org.tinyfit.model.provenance.Provenance;

/**
 * The {@code .tinyfit} model file: a zip holding {@code model.json}
 * (architecture, names, settings of each kernel's technique, metadata,
 * provenance, data set names) and {@code weights.safetensors} (every tensor).
 * See docs/FORMATS.md.
 */
public final class TinyfitFile {
    public static final String MODEL_JSON = "model.json";
    public static final String WEIGHTS = "weights.safetensors";
    public static final int FORMAT_VERSION = 1;
    /** Largest model.json accepted (bytes, after decompression). */
    public static final long MAX_JSON = 16L << 20;
    /** Largest weights.safetensors accepted (bytes, after decompression). */
    public static final long MAX_WEIGHTS = 1L << 30;
    /** Largest number of zip entries accepted. */
    public static final int MAX_ENTRIES = 1000;

    private static final ObjectMapper JSON = Safetensors.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private TinyfitFile() { }

    // ------------------------------------------------------------------ reading

    public static Network read(Path file) throws IOException {
        String name = file.toString();
        if (!Files.exists(file)) throw new NoSuchFileException(name);
        if (Files.isDirectory(file)) throw new TinyfitFormatException(name, "is a folder, not a .tinyfit file");
        byte[] json;
        byte[] weights;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.size() > MAX_ENTRIES) throw new TinyfitFormatException(name, "zip has " + zip.size() + " entries, more than " + MAX_ENTRIES);
            json = entry(zip, MODEL_JSON, MAX_JSON, name);
            weights = entry(zip, WEIGHTS, MAX_WEIGHTS, name);
        } catch (ZipException e) {
            throw new TinyfitFormatException(name, "not a .tinyfit file (not a valid zip: " + e.getMessage() + ")");
        }
        Safetensors.Contents w = Safetensors.read(weights, name + "!" + WEIGHTS);
        return parse(json, w, name + "!" + MODEL_JSON);
    }

    private static byte[] entry(ZipFile zip, String entry, long max, String name) throws IOException {
        ZipEntry e = zip.getEntry(entry);
        if (e == null) throw new TinyfitFormatException(name, "no " + entry + " inside (not a .tinyfit model?)");
        if (e.getSize() > max) throw new TinyfitFormatException(name + "!" + entry, "is " + e.getSize() + " bytes, more than the limit of " + max);
        try (InputStream in = zip.getInputStream(e)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(e.getSize(), 0), 1 << 20) + 16);
            byte[] buf = new byte[1 << 16];
            long total = 0;
            int r;
            while ((r = in.read(buf)) > 0) {
                total += r;
                if (total > max) throw new TinyfitFormatException(name + "!" + entry, "decompresses to more than the limit of " + max + " bytes");
                out.write(buf, 0, r);
            }
            return out.toByteArray();
        } catch (ZipException ze) {
            throw new TinyfitFormatException(name + "!" + entry, "is corrupt (" + ze.getMessage() + ")");
        }
    }

    /** Builds the network from model.json bytes and the weights. */
    static Network parse(byte[] jsonBytes, Safetensors.Contents w, String name) throws TinyfitFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(new String(jsonBytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new TinyfitFormatException(name, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) throw new TinyfitFormatException(name, "must be a JSON object");
        if (!"tinyfit".equals(root.path("format").asText())) throw new TinyfitFormatException(name, "\"format\" must be \"tinyfit\"");
        int version = root.path("version").asInt(-1);
        if (version < 1 || version > FORMAT_VERSION) throw new TinyfitFormatException(name, "format version " + root.path("version") + " is not supported (this TinyFit reads version " + FORMAT_VERSION + ")");
        String modelName = text(root, "name", name);
        int steps = positiveInt(root, "steps", name, "model");
        int features = positiveInt(root, "features", name, "model");
        JsonNode layersNode = root.get("layers");
        if (layersNode == null || !layersNode.isArray() || layersNode.isEmpty()) throw new TinyfitFormatException(name, "\"layers\" must be a non-empty array");
        List<Layer> layers = new ArrayList<>();
        Map<String, Safetensors.Tensor> ts = w.tensors();
        for (JsonNode ln : layersNode) layers.add(layer(ln, ts, name));
        List<String> classNames = new ArrayList<>();
        JsonNode cn = root.get("class_names");
        if (cn != null && !cn.isNull()) {
            if (!cn.isArray()) throw new TinyfitFormatException(name, "\"class_names\" must be an array of strings");
            for (JsonNode c : cn) classNames.add(c.asText());
        }
        Map<String, Object> metadata = objectMap(root.get("metadata"), "metadata", name);
        Provenance provenance = Provenance.fromMap(objectMap(root.get("provenance"), "provenance", name));
        Map<String, String> datasets = new LinkedHashMap<>();
        JsonNode ds = root.get("datasets");
        if (ds != null && !ds.isNull()) {
            if (!ds.isObject()) throw new TinyfitFormatException(name, "\"datasets\" must be an object of role to file name");
            var it = ds.fields();
            while (it.hasNext()) {
                var e = it.next();
                String f = e.getValue().asText();
                if (f.contains("..") || f.startsWith("/") || f.contains("\\")) throw new TinyfitFormatException(name, "data set file '" + f + "' must be a plain name next to the model");
                datasets.put(e.getKey(), f);
            }
        }
        try {
            return new Network(modelName, steps, features, layers, classNames.isEmpty() ? null : classNames, metadata, provenance, datasets);
        } catch (IllegalArgumentException e) {
            throw new TinyfitFormatException(name, e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> objectMap(JsonNode n, String field, String name) throws TinyfitFormatException {
        if (n == null || n.isNull()) return Map.of();
        if (!n.isObject()) throw new TinyfitFormatException(name, "\"" + field + "\" must be an object");
        return JSON.convertValue(n, LinkedHashMap.class);
    }

    private static String text(JsonNode o, String field, String name) throws TinyfitFormatException {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) throw new TinyfitFormatException(name, "\"" + field + "\" must be a non-empty string");
        return v.asText();
    }

    private static int positiveInt(JsonNode o, String field, String name, String where) throws TinyfitFormatException {
        JsonNode v = o.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() <= 0 || v.asInt() > 1_000_000) {
            throw new TinyfitFormatException(name, where + " \"" + field + "\" must be a positive integer, got " + v);
        }
        return v.asInt();
    }

    private static Layer layer(JsonNode ln, Map<String, Safetensors.Tensor> ts, String name) throws TinyfitFormatException {
        if (!ln.isObject()) throw new TinyfitFormatException(name, "each layer must be an object");
        String lname = text(ln, "name", name);
        String type = text(ln, "type", name);
        String where = "layer '" + lname + "'";
        try {
            if (type.equals("dense")) {
                int in = positiveInt(ln, "input", name, where);
                int out = positiveInt(ln, "output", name, where);
                LinearOp k = kernel(ln, lname + ".kernel", out, in, ts, name);
                float[] b = vector(ts, ln.path("bias").asText(lname + ".bias"), out);
                Activation act = Activation.parse(ln.path("activation").asText("none"));
                return new DenseLayer(lname, in, out, k, b, act);
            }
            CellType cell;
            try {
                cell = CellType.parse(type);
            } catch (IllegalArgumentException e) {
                throw new TinyfitFormatException(name, where + " has unknown type '" + type + "' (supported: lstm, gru, fastrnn, fastgrnn, dense)");
            }
            int in = positiveInt(ln, "input", name, where);
            int h = positiveInt(ln, "hidden", name, where);
            boolean lbr = ln.path("linear_before_reset").asBoolean(false);
            LinearOp k = kernel(ln, lname + ".kernel", cell.gates() * h, in + h, ts, name);
            float[] b = vector(ts, ln.path("bias").asText(lname + ".bias"), cell.biasBlocks() * h);
            float[] rb = null;
            if (cell == CellType.GRU && lbr) rb = vector(ts, ln.path("recurrent_bias_h").asText(lname + ".recurrent_bias_h"), h);
            float[] sc = null;
            String[] names = RnnLayer.scalarNames(cell);
            if (names.length > 0) {
                JsonNode s = ln.get("scalars");
                if (s == null || !s.isObject()) throw new TinyfitFormatException(name, where + " needs \"scalars\" {" + String.join(", ", names) + "}");
                sc = new float[names.length];
                for (int i = 0; i < names.length; i++) {
                    JsonNode v = s.get(names[i]);
                    if (v == null || !v.isNumber()) throw new TinyfitFormatException(name, where + " scalar '" + names[i] + "' must be a number");
                    sc[i] = (float) v.asDouble();
                }
            }
            return new RnnLayer(lname, cell, in, h, k, b, rb, lbr, sc);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new TinyfitFormatException(name, where + ": " + e.getMessage());
        }
    }

    private static LinearOp kernel(JsonNode ln, String matrix, int rows, int cols, Map<String, Safetensors.Tensor> ts, String name) throws TinyfitFormatException {
        JsonNode k = ln.get("kernel");
        if (k == null || !k.isObject()) throw new TinyfitFormatException(name, "layer '" + ln.path("name").asText() + "' has no \"kernel\" object");
        String technique = k.path("technique").asText("dense");
        KernelCodec c = KernelCodecs.forTechnique(technique);
        if (c == null) throw new TinyfitFormatException(name, matrix + " uses technique '" + technique + "', which this TinyFit cannot read (known: " + KernelCodecs.techniques() + ")");
        LinearOp op = c.decode(matrix, rows, cols, k, ts);
        if (op.rows() != rows || op.cols() != cols) throw new IllegalArgumentException(matrix + " decodes to " + op.rows() + "x" + op.cols() + ", the layer needs " + rows + "x" + cols);
        return op;
    }

    private static float[] vector(Map<String, Safetensors.Tensor> ts, String tensor, int len) {
        return KernelCodecs.tensor(ts, tensor, len).toFloats();
    }

    // ------------------------------------------------------------------ writing

    /** model.json and the tensors of a network. */
    static Map.Entry<byte[], List<Safetensors.Tensor>> encode(Network net) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "tinyfit");
        root.put("version", FORMAT_VERSION);
        root.put("name", net.name());
        root.put("steps", net.steps());
        root.put("features", net.features());
        var cn = root.putArray("class_names");
        net.classNames().forEach(cn::add);
        var la = root.putArray("layers");
        List<Safetensors.Tensor> tensors = new ArrayList<>();
        for (Layer l : net.layers()) {
            ObjectNode o = la.addObject();
            o.put("name", l.name());
            o.put("type", l.typeId());
            o.put("input", l.inputSize());
            ObjectNode k = JSON.createObjectNode();
            KernelCodec codec = KernelCodecs.forOp(l.kernel());
            k.put("technique", codec.technique());
            tensors.addAll(codec.encode(l.kernelName(), l.kernel(), k));
            if (l instanceof DenseLayer d) {
                o.put("output", d.outputSize());
                o.put("activation", d.activation().id());
                o.set("kernel", k);
                o.put("bias", l.name() + ".bias");
                tensors.add(Safetensors.Tensor.f32(l.name() + ".bias", d.bias(), d.bias().length));
            } else {
                RnnLayer r = (RnnLayer) l;
                o.put("hidden", r.hidden());
                if (r.cell() == CellType.GRU) o.put("linear_before_reset", r.linearBeforeReset());
                o.set("kernel", k);
                o.put("bias", l.name() + ".bias");
                tensors.add(Safetensors.Tensor.f32(l.name() + ".bias", r.bias(), r.bias().length));
                if (r.recurrentBiasH() != null) {
                    o.put("recurrent_bias_h", l.name() + ".recurrent_bias_h");
                    tensors.add(Safetensors.Tensor.f32(l.name() + ".recurrent_bias_h", r.recurrentBiasH(), r.hidden()));
                }
                String[] sn = RnnLayer.scalarNames(r.cell());
                if (sn.length > 0) {
                    ObjectNode s = o.putObject("scalars");
                    for (int i = 0; i < sn.length; i++) s.put(sn[i], r.scalars()[i]);
                }
            }
        }
        root.set("metadata", JSON.valueToTree(net.metadata()));
        root.set("provenance", JSON.valueToTree(net.provenance().toMap()));
        root.set("datasets", JSON.valueToTree(net.datasets()));
        try {
            return Map.entry(JSON.writeValueAsBytes(root), tensors);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("model metadata cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    /** Entries carry a fixed time so that the same model gives the same bytes. */
    private static ZipEntry fixedTime(ZipEntry e) {
        e.setTime(315532800000L + 12L * 3600_000L); // 1980-01-01 12:00 UTC, the zip epoch
        return e;
    }

    /** Writes the model (atomically: a temporary file, then a move). */
    public static void write(Network net, Path file) throws IOException {
        var enc = encode(net);
        // an ordered map: Map.of's order changes from run to run, and with it the file's bytes
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("producer", "TinyFit");
        byte[] weights = Safetensors.toBytes(enc.getValue(), meta);
        ByteArrayOutputStream bo = new ByteArrayOutputStream(weights.length + 4096);
        try (ZipOutputStream z = new ZipOutputStream(bo)) {
            z.putNextEntry(fixedTime(new ZipEntry(MODEL_JSON)));
            z.write(enc.getKey());
            z.closeEntry();
            z.putNextEntry(fixedTime(new ZipEntry(WEIGHTS)));
            z.write(weights);
            z.closeEntry();
        }
        Safetensors.writeAtomically(file, bo.toByteArray());
    }
}
