package org.tinyfit.model.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanJsonTest {

    private static String error(String json) {
        return assertThrows(PlanException.class, () -> PlanJson.read(json)).getMessage();
    }

    private static void contains(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "expected '" + p + "' in: " + message);
    }

    @Test
    void everyTechniqueRoundTrips() {
        Map<String, MatrixPlan> m = new LinkedHashMap<>();
        m.put("*", new MatrixPlan(new TechniqueSpec.Pruned(0.9), 8));
        m.put("a.kernel", new MatrixPlan(new TechniqueSpec.Kp(8, 4, 64, 39), 8));
        m.put("b.kernel", new MatrixPlan(new TechniqueSpec.Hkp(64, 7, 4, 64, 39), 4));
        m.put("c.kernel", new MatrixPlan(new TechniqueSpec.Dkp(8, 4, 64, 39, 0.015), 16));
        m.put("d.kernel", new MatrixPlan(new TechniqueSpec.Lmf(12), 2));
        m.put("e.kernel", new MatrixPlan(new TechniqueSpec.Dense(), 32));
        m.put("f.kernel", new MatrixPlan(new TechniqueSpec.Pruned(0), 7));
        CompressionPlan p = new CompressionPlan(m, Activations.INT8);
        String json = PlanJson.write(p);
        assertEquals(p, PlanJson.read(json));
        assertEquals(List.copyOf(m.keySet()), List.copyOf(PlanJson.read(json).matrices().keySet()));
        CompressionPlan none = CompressionPlan.none();
        assertEquals(none, PlanJson.read(PlanJson.write(none)));
        // and the text form agrees
        assertEquals(p, PlanText.parse(PlanText.format(PlanJson.read(json))));
    }

    @Test
    void writesTheDocumentedFields() throws Exception {
        CompressionPlan p = PlanText.parse("lstm.kernel=kp:8x4,64x39/int8;fc.kernel=hkp:2:2x128,4x1;activations=int8");
        JsonNode j = new ObjectMapper().readTree(PlanJson.write(p));
        assertEquals("int8", j.get("activations").asText());
        JsonNode k = j.get("matrices").get("lstm.kernel");
        assertEquals("{\"technique\":\"kp\",\"m1\":8,\"n1\":4,\"m2\":64,\"n2\":39,\"bits\":8}", k.toString());
        assertEquals("{\"technique\":\"hkp\",\"r\":2,\"m1\":2,\"n1\":128,\"m2\":4,\"n2\":1,\"bits\":32}",
                j.get("matrices").get("fc.kernel").toString());
        j = new ObjectMapper().readTree(PlanJson.write(PlanText.parse("a.kernel=dkp:1x2,3x4:0.5;b.kernel=lmf:3;c.kernel=prune:0.25")));
        assertEquals(0.5, j.get("matrices").get("a.kernel").get("density").asDouble());
        assertEquals(3, j.get("matrices").get("b.kernel").get("rank").asInt());
        assertEquals(0.25, j.get("matrices").get("c.kernel").get("sparsity").asDouble());
        assertEquals("float32", j.get("activations").asText());
    }

    @Test
    void readsTheDocumentedExampleWithDefaults() {
        CompressionPlan p = PlanJson.read("{\"activations\":\"int8\",\"matrices\":{"
                + "\"lstm.kernel\":{\"technique\":\"kp\",\"m1\":8,\"n1\":4,\"m2\":64,\"n2\":39,\"bits\":8},"
                + "\"fc.kernel\":{\"technique\":\"prune\",\"sparsity\":0.5}}}");
        assertEquals(new MatrixPlan(new TechniqueSpec.Kp(8, 4, 64, 39), 8), p.forMatrix("lstm.kernel"));
        assertEquals(new MatrixPlan(new TechniqueSpec.Pruned(0.5), 32), p.forMatrix("fc.kernel"));
        assertEquals(Activations.INT8, p.activations());
        assertEquals(CompressionPlan.none(), PlanJson.read("{}"));
        // * is the default wherever it stands in the object
        CompressionPlan star = PlanJson.read("{\"matrices\":{\"fc.kernel\":{\"technique\":\"dense\"},\"*\":{\"technique\":\"lmf\",\"rank\":4}}}");
        assertEquals(List.of("*", "fc.kernel"), List.copyOf(star.matrices().keySet()));
        CompressionPlan expanded = PlanText.expand(star, PlanTextTest.NET);
        assertEquals(new TechniqueSpec.Lmf(4), expanded.forMatrix("lstm.kernel").technique());
        assertEquals(new TechniqueSpec.Dense(), expanded.forMatrix("fc.kernel").technique());
    }

    @Test
    void badJsonGivesClearErrors() {
        contains(error("{"), "plan is not valid JSON", "line 1");
        contains(error(""), "plan JSON is empty");
        contains(error("{} {}"), "plan is not valid JSON");
        contains(error("[]"), "must be an object");
        contains(error("{\"activation\":\"int8\"}"), "unknown top-level field 'activation'", "activations, matrices");
        contains(error("{\"activations\":\"int4\"}"), "activations must be \"int8\" or \"float32\"");
        contains(error("{\"matrices\":[]}"), "matrices must be an object");
        contains(error("{\"matrices\":{\"a.kernel\":3}}"), "matrix 'a.kernel' must be an object");
        contains(error("{\"matrices\":{\"a.kernel\":{}}}"), "matrix 'a.kernel': technique is missing", "dense, kp, hkp, dkp, lmf, prune");
        contains(error("{\"matrices\":{\"a.kernel\":{\"technique\":\"svd\"}}}"), "unknown technique 'svd'", "dense, kp, hkp, dkp, lmf, prune");
        contains(error("{\"matrices\":{\"a.kernel\":{\"technique\":\"kp\",\"m1\":8,\"n1\":4,\"m2\":64,\"n2\":39,\"rank\":3}}}"),
                "unknown field 'rank' for kp", "technique, m1, n1, m2, n2, bits");
        contains(error("{\"matrices\":{\"a.kernel\":{\"technique\":\"kp\",\"m1\":8,\"n1\":4,\"m2\":64}}}"), "matrix 'a.kernel': n2 is missing");
        contains(error("{\"matrices\":{\"a.kernel\":{\"technique\":\"kp\",\"m1\":\"8\",\"n1\":4,\"m2\":64,\"n2\":39}}}"),
                "m1 must be a whole number, got \"8\"");
        contains(error("{\"matrices\":{\"a.kernel\":{\"technique\":\"lmf\",\"rank\":2.5}}}"), "rank must be a whole number, got 2.5");
        contains(error("{\"matrices\":{\"a.kernel\":{\"technique\":\"lmf\",\"rank\":0}}}"), "lmf rank R must be at least 1");
        contains(error("{\"matrices\":{\"a.kernel\":{\"technique\":\"prune\",\"sparsity\":\"0.9\"}}}"), "sparsity must be a number");
        contains(error("{\"matrices\":{\"a.kernel\":{\"technique\":\"prune\",\"sparsity\":1}}}"), "[0, 1)");
        contains(error("{\"matrices\":{\"a.kernel\":{\"technique\":\"dkp\",\"m1\":1,\"n1\":1,\"m2\":1,\"n2\":1,\"density\":0}}}"), "(0, 1]");
        contains(error("{\"matrices\":{\"a.kernel\":{\"technique\":\"dense\",\"bits\":9}}}"), "bits must be 2..8, 16 or 32");
        contains(error("{\"matrices\":{\"a.kernel\":{\"technique\":\"dense\"},\"a.kernel\":{\"technique\":\"dense\"}}}"),
                "not valid JSON", "Duplicate field 'a.kernel'");
        contains(error("{\"matrices\":{\"\":{\"technique\":\"dense\"}}}"), "a matrix name is empty");
    }
}
