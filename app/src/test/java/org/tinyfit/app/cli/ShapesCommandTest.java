package org.tinyfit.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code tinyfit shapes} on the shipped mnist-lstm sample (lstm.kernel 512x156, fc.kernel 10x128). */
class ShapesCommandTest {
    static String oldHome;

    static CliHarness.Run run(String... args) { return CliHarness.run(args); }

    @BeforeAll
    static void repoHome() {
        Path home = CliHarness.repoHome();
        assertNotNull(home, "sample-models/mnist-lstm not found above " + Path.of("").toAbsolutePath());
        oldHome = CliHarness.setHome(home);
    }

    @AfterAll
    static void restore() { CliHarness.restoreHome(oldHome); }

    @Test
    void jsonListsAll120ShapesWithIndependentlyCheckedNumbers() throws Exception {
        CliHarness.Run r = run("shapes", "mnist-lstm", "lstm.kernel", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode a = new ObjectMapper().readTree(r.out());
        assertTrue(a.isArray());
        // d(512) * d(156) = 10 * 12
        assertEquals(120, a.size());
        Set<String> seen = new HashSet<>();
        int trivial = 0;
        double prev = 0;
        for (JsonNode s : a) {
            int m1 = s.get("m1").asInt(), n1 = s.get("n1").asInt(), m2 = s.get("m2").asInt(), n2 = s.get("n2").asInt();
            assertEquals(512, m1 * m2);
            assertEquals(156, n1 * n2);
            assertTrue(seen.add(m1 + "x" + n1));
            long params = (long) m1 * n1 + (long) m2 * n2;
            assertEquals(params, s.get("params").asLong());
            assertEquals(512.0 * 156 / params, s.get("compression").asDouble(), 1e-9);
            long cx = (long) n1 * m2 * (n2 + m1), xb = (long) n2 * m1 * (n1 + m2);
            assertEquals(Math.min(cx, xb), s.get("macs").asLong());
            if (cx < xb) assertEquals("(CX)B^T", s.get("order").asText());
            if (xb < cx) assertEquals("C(XB^T)", s.get("order").asText());
            assertEquals(Math.min(m1, n1) * Math.min(m2, n2), s.get("rank_bound").asInt());
            boolean t = (m1 == 1 && n1 == 1) || (m2 == 1 && n2 == 1);
            assertEquals(t, s.get("trivial").asBoolean());
            if (t) trivial++;
            assertTrue(s.get("compression").asDouble() >= prev);
            prev = s.get("compression").asDouble();
            for (String f : List.of("pareto_rank", "pareto_macs")) assertTrue(s.get(f).isBoolean(), f);
        }
        assertEquals(2, trivial);
        // Pareto flags against brute-force dominance over the non-trivial shapes
        for (JsonNode s : a) {
            boolean domR = false, domM = false;
            for (JsonNode t : a) {
                if (t == s || t.get("trivial").asBoolean()) continue;
                long ps = s.get("params").asLong(), pt = t.get("params").asLong();
                int rs = s.get("rank_bound").asInt(), rt = t.get("rank_bound").asInt();
                long ms = s.get("macs").asLong(), mt = t.get("macs").asLong();
                if (pt <= ps && rt >= rs && (pt < ps || rt > rs)) domR = true;
                if (pt <= ps && mt <= ms && (pt < ps || mt < ms)) domM = true;
            }
            boolean nt = !s.get("trivial").asBoolean();
            assertEquals(nt && !domR, s.get("pareto_rank").asBoolean(), s.toString());
            assertEquals(nt && !domM, s.get("pareto_macs").asBoolean(), s.toString());
        }
        // --pareto keeps exactly the flagged shapes
        JsonNode p = new ObjectMapper().readTree(run("shapes", "mnist-lstm", "lstm.kernel", "--json", "--pareto").out());
        int flagged = 0;
        for (JsonNode s : a) if (s.get("pareto_rank").asBoolean() || s.get("pareto_macs").asBoolean()) flagged++;
        assertEquals(flagged, p.size());
        assertTrue(flagged > 0);
        for (JsonNode s : p) assertTrue(s.get("pareto_rank").asBoolean() || s.get("pareto_macs").asBoolean());
    }

    @Test
    void tableIsReadableAndTheLayerNameWorksToo() {
        CliHarness.Run r = run("shapes", "mnist-lstm", "fc");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("mnist-lstm fc.kernel: 10x128, 1,280 values"), r.out());
        // d(10) * d(128) = 4 * 8
        assertTrue(r.out().contains("32 factor shapes (2 trivial)"), r.out());
        assertTrue(r.out().contains("B m1xn1  C m2xn2"), r.out());
        // 2x16 with 5x8: 32 + 40 = 72 values, 1280/72 = 17.8x, full rank bound 2*5 = 10
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("2x16") && l.contains("5x8") && l.contains(" 72 ")
                && l.contains("17.8x") && l.contains(" 10  R")), r.out());
        for (String line : r.out().lines().toList()) assertEquals(line.stripTrailing(), line);
    }

    @Test
    void unknownMatrixIsOneLineListingTheMatrices() {
        CliHarness.Run r = run("shapes", "mnist-lstm", "lstm.kernal");
        assertEquals(2, r.code());
        assertEquals("tinyfit: model 'mnist-lstm' has no matrix 'lstm.kernal'; its matrices: lstm.kernel (512x156), fc.kernel (10x128)",
                r.err().strip());
        assertFalse(r.err().contains("Exception"));
        assertEquals("", r.out());
        r = run("shapes", "mnist-lstm");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("MATRIX"), r.err());
    }
}
