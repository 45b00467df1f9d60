package org.tinyfit.model.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a compression plan, for files:
 *
 * <pre>
 * {
 *   "activations": "int8",
 *   "matrices": {
 *     "lstm.kernel": {"technique": "kp", "m1": 8, "n1": 4, "m2": 64, "n2": 39, "bits": 8},
 *     "fc.kernel": {"technique": "dense", "bits": 32}
 *   }
 * }
 * </pre>
 *
 * Fields per technique: {@code dense} none; {@code kp} m1, n1, m2, n2 (B m1 x n1, C m2 x n2);
 * {@code hkp} r, m1, n1, m2, n2; {@code dkp} m1, n1, m2, n2, density; {@code lmf} rank;
 * {@code prune} sparsity. {@code bits} (2..8, 16 or 32 = float32) is optional, default 32;
 * {@code activations} ("int8" or "float32") is optional, default float32, and so is
 * {@code matrices} (default: none, everything dense). The key {@code "*"} stands for every
 * matrix that no other key names (position in the object does not matter). Reading is
 * strict: unknown fields, missing fields, wrong types, duplicate keys and out-of-range
 * values are {@link PlanException}s naming the matrix and field. Validation against a
 * network is {@link PlanText#validate}.
 */
public final class PlanJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private PlanJson() { }

    /** Pretty-printed JSON of {@code plan}, {@code *} first, then the plan's order; ends with a newline. */
    public static String write(CompressionPlan plan) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("activations", plan.activations().id());
        ObjectNode mats = root.putObject("matrices");
        MatrixPlan all = plan.matrices().get(PlanText.ALL);
        if (all != null) put(mats.putObject(PlanText.ALL), all);
        for (var e : plan.matrices().entrySet()) {
            if (!e.getKey().equals(PlanText.ALL)) put(mats.putObject(e.getKey()), e.getValue());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(ObjectNode o, MatrixPlan mp) {
        TechniqueSpec t = mp.technique();
        o.put("technique", t.id());
        putFields(o, t);
        o.put("bits", mp.bits());
    }

    private static void putFields(ObjectNode o, TechniqueSpec t) {
        if (t instanceof TechniqueSpec.Kp k) {
            o.put("m1", k.m1()).put("n1", k.n1()).put("m2", k.m2()).put("n2", k.n2());
        } else if (t instanceof TechniqueSpec.Hkp k) {
            o.put("r", k.r()).put("m1", k.m1()).put("n1", k.n1()).put("m2", k.m2()).put("n2", k.n2());
        } else if (t instanceof TechniqueSpec.Dkp k) {
            o.put("m1", k.m1()).put("n1", k.n1()).put("m2", k.m2()).put("n2", k.n2()).put("density", k.density());
        } else if (t instanceof TechniqueSpec.Lmf l) {
            o.put("rank", l.rank());
        } else if (t instanceof TechniqueSpec.Pruned p) {
            o.put("sparsity", p.sparsity());
        }
    }

    /** Reads and checks a plan (syntax and network-independent ranges; see the class comment). */
    public static CompressionPlan read(String json) {
        if (json == null) throw new PlanException("plan JSON is missing");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PlanException("plan is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")"), e);
        }
        if (root == null || root.isMissingNode()) throw new PlanException("plan JSON is empty");
        if (!root.isObject()) throw new PlanException("plan JSON must be an object {\"activations\": ..., \"matrices\": {...}}");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("activations") && !f.equals("matrices")) {
                throw new PlanException("plan JSON: unknown top-level field '" + f + "' (known: activations, matrices)");
            }
        }
        Activations act = Activations.FLOAT32;
        JsonNode a = root.get("activations");
        if (a != null && !a.isNull()) {
            if (!a.isTextual() || !(a.asText().equals("int8") || a.asText().equals("float32"))) {
                throw new PlanException("plan JSON: activations must be \"int8\" or \"float32\", got " + a);
            }
            act = Activations.parse(a.asText());
        }
        Map<String, MatrixPlan> out = new LinkedHashMap<>();
        JsonNode mats = root.get("matrices");
        if (mats != null && !mats.isNull()) {
            if (!mats.isObject()) throw new PlanException("plan JSON: matrices must be an object {\"LAYER.kernel\": {\"technique\": ...}}");
            JsonNode all = mats.get(PlanText.ALL);
            if (all != null) out.put(PlanText.ALL, matrix(PlanText.ALL, all));
            for (Iterator<Map.Entry<String, JsonNode>> it = mats.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().equals(PlanText.ALL)) continue;
                if (e.getKey().isBlank()) throw new PlanException("plan JSON: a matrix name is empty");
                out.put(e.getKey(), matrix(e.getKey(), e.getValue()));
            }
        }
        return new CompressionPlan(out, act);
    }

    private static MatrixPlan matrix(String name, JsonNode o) {
        String where = "plan JSON: matrix '" + name + "'";
        if (!o.isObject()) throw new PlanException(where + " must be an object with a \"technique\" field");
        JsonNode tn = o.get("technique");
        if (tn == null || tn.isNull()) throw new PlanException(where + ": technique is missing (one of " + TechniqueKind.idList() + ")");
        if (!tn.isTextual()) throw new PlanException(where + ": technique must be a string (one of " + TechniqueKind.idList() + ")");
        String id = tn.asText();
        TechniqueKind kind = TechniqueKind.byId(id).filter(k -> k.id().equals(id)).orElseThrow(() ->
                new PlanException(where + ": unknown technique '" + id + "' (valid: " + TechniqueKind.idList() + ")"));
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("technique") && !f.equals("bits") && !kind.fields().contains(f)) {
                List<String> fields = new java.util.ArrayList<>(List.of("technique"));
                fields.addAll(kind.fields());
                fields.add("bits");
                throw new PlanException(where + ": unknown field '" + f + "' for " + id + " (fields: " + String.join(", ", fields) + ")");
            }
        }
        TechniqueSpec t = PlanException.at(where, () -> spec(id, o, where));
        int bits = 32;
        JsonNode b = o.get("bits");
        if (b != null && !b.isNull()) {
            if (!b.isInt() || !MatrixPlan.validBits(b.intValue())) {
                throw new PlanException(where + ": bits must be 2..8, 16 or 32 (float32), got " + b);
            }
            bits = b.intValue();
        }
        return new MatrixPlan(t, bits);
    }

    private static TechniqueSpec spec(String id, JsonNode o, String where) {
        return switch (id) {
            case "dense" -> new TechniqueSpec.Dense();
            case "kp" -> new TechniqueSpec.Kp(integer(o, "m1", where), integer(o, "n1", where), integer(o, "m2", where), integer(o, "n2", where));
            case "hkp" -> new TechniqueSpec.Hkp(integer(o, "r", where), integer(o, "m1", where), integer(o, "n1", where),
                    integer(o, "m2", where), integer(o, "n2", where));
            case "dkp" -> new TechniqueSpec.Dkp(integer(o, "m1", where), integer(o, "n1", where), integer(o, "m2", where),
                    integer(o, "n2", where), decimal(o, "density", where));
            case "lmf" -> new TechniqueSpec.Lmf(integer(o, "rank", where));
            case "prune" -> new TechniqueSpec.Pruned(decimal(o, "sparsity", where));
            default -> throw new IllegalStateException(id);
        };
    }

    private static int integer(JsonNode o, String field, String where) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) throw new PlanException(where + ": " + field + " is missing");
        if (!v.isInt()) throw new PlanException(where + ": " + field + " must be a whole number, got " + v);
        return v.intValue();
    }

    private static double decimal(JsonNode o, String field, String where) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) throw new PlanException(where + ": " + field + " is missing");
        if (!v.isNumber()) throw new PlanException(where + ": " + field + " must be a number, got " + v);
        return v.doubleValue();
    }
}
