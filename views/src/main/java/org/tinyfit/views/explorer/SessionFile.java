package org.tinyfit.views.explorer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.InvalidPathException;
import java.util.ArrayList;
import java.util.List;
import org.tinyfit.model.io.AtomicWrite;
import org.tinyfit.model.io.BoundedRead;
import org.tinyfit.model.io.SafeNames;
import org.tinyfit.model.io.TinyfitFormatException;

/**
 * A saved exploration session, JSON:
 * <pre>
 * {
 *   "format": "tinyfit-session", "version": 1,
 *   "model": "/abs/path/mnist-lstm.tinyfit",
 *   "device": "cortex-m4f-32k",
 *   "plan": "lstm.kernel=kp:8x4,64x39/int8",
 *   "selected": "lstm.kernel",
 *   "undo": ["...", ...], "redo": [...],          (plan texts, most recent / next first)
 *   "data": {"eval": "/abs/test.npz", "train": "/abs/x.npy,/abs/y.npy"},   (optional: data sets attached)
 *   "history": [{"plan": "...", "label": "...", "flash_bytes": 17320, "macs": 338176,
 *                "accuracy": 0.12, "ci": [0.1, 0.14], "samples": 2000}, ...]
 * }
 * </pre>
 * Plans are in the text form of {@code PlanText}; they are validated against the
 * model when the session is opened. Reading rejects other formats with a message
 * that names the file.
 */
public final class SessionFile {
    public static final String FORMAT = "tinyfit-session";
    public static final int VERSION = 1;
    public static final String EXTENSION = ".tfsession.json";
    /** Largest session file (bytes; a history of 10,000 points takes about 2 MB). */
    private static final long MAX_BYTES = 4L << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** One explored plan and what was measured and estimated for it. */
    public record Point(String plan, String label, double flashBytes, double macs, double accuracy,
                        double ciLow, double ciHigh, long samples) { }

    /** @param data data sets the user attached to the model, role ("eval", "train") to what they named */
    public record Session(Path model, String device, String plan, String selected,
                          List<String> undo, List<String> redo, List<Point> history, java.util.Map<String, String> data) {
        public Session {
            undo = List.copyOf(undo == null ? List.of() : undo);
            redo = List.copyOf(redo == null ? List.of() : redo);
            history = List.copyOf(history == null ? List.of() : history);
            data = data == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
            if (plan == null) plan = "";
        }

        public Session(Path model, String device, String plan, String selected, List<String> undo, List<String> redo, List<Point> history) {
            this(model, device, plan, selected, undo, redo, history, null);
        }
    }

    private SessionFile() { }

    public static void write(Session s, Path file) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("model", s.model() == null ? null : s.model().toAbsolutePath().toString());
        root.put("device", s.device());
        root.put("plan", s.plan());
        root.put("selected", s.selected());
        ArrayNode u = root.putArray("undo");
        s.undo().forEach(u::add);
        ArrayNode r = root.putArray("redo");
        s.redo().forEach(r::add);
        if (!s.data().isEmpty()) {
            ObjectNode d = root.putObject("data");
            s.data().forEach(d::put);
        }
        ArrayNode h = root.putArray("history");
        for (Point p : s.history()) {
            ObjectNode o = h.addObject();
            o.put("plan", p.plan());
            o.put("label", p.label());
            o.put("flash_bytes", p.flashBytes());
            o.put("macs", p.macs());
            o.put("accuracy", p.accuracy());
            o.putArray("ci").add(p.ciLow()).add(p.ciHigh());
            o.put("samples", p.samples());
        }
        AtomicWrite.writeString(file, MAPPER.writeValueAsString(root) + "\n");
    }

    public static Session read(Path file) throws IOException {
        // bounded by the bytes actually read: a session that is a link to /dev/zero reports 0 bytes
        String text;
        try {
            text = BoundedRead.utf8(file, MAX_BYTES, "a TinyFit session");
        } catch (TinyfitFormatException e) {
            throw new IOException(file + ": not a TinyFit session (" + e.getMessage().substring(file.toString().length() + 2) + ")");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IOException(file + ": not a TinyFit session (invalid JSON: " + firstLine(e.getMessage()) + ")");
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
            throw new IOException(file + ": not a TinyFit session (no \"format\": \"" + FORMAT + "\")");
        }
        if (root.path("version").asInt(-1) != VERSION) {
            throw new IOException(file + ": session version " + root.path("version") + " is not supported (this TinyFit reads " + VERSION + ")");
        }
        String model = text(root, "model", file);
        if (model == null) throw new IOException(file + ": the session names no model");
        List<Point> history = new ArrayList<>();
        for (JsonNode o : root.path("history")) {
            JsonNode ci = o.path("ci");
            history.add(new Point(o.path("plan").asText(""), o.path("label").asText(""),
                    o.path("flash_bytes").asDouble(Double.NaN), o.path("macs").asDouble(Double.NaN),
                    o.path("accuracy").asDouble(Double.NaN), ci.path(0).asDouble(Double.NaN), ci.path(1).asDouble(Double.NaN),
                    o.path("samples").asLong(0)));
        }
        Path modelPath;
        try {
            modelPath = Path.of(model);
        } catch (InvalidPathException e) {
            throw new IOException(file + ": the session's model '" + SafeNames.printable(model) + "' is not a valid path (" + e.getReason() + ")");
        }
        java.util.Map<String, String> data = new java.util.LinkedHashMap<>();
        JsonNode dn = root.get("data");
        if (dn != null && !dn.isNull()) {
            if (!dn.isObject()) throw new IOException(file + ": session field \"data\" must be an object of data set roles");
            for (String role : new String[] {"eval", "train"}) {
                JsonNode v = dn.get(role);
                if (v == null || v.isNull()) continue;
                if (!v.isTextual()) throw new IOException(file + ": session field \"data." + role + "\" must be a string");
                data.put(role, v.asText());
            }
        }
        return new Session(modelPath, text(root, "device", file), text(root, "plan", file), text(root, "selected", file),
                strings(root.path("undo")), strings(root.path("redo")), history, data);
    }

    private static String text(JsonNode root, String field, Path file) throws IOException {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw new IOException(file + ": session field \"" + field + "\" must be a string");
        return n.asText();
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : a) if (n.isTextual()) out.add(n.asText());
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
