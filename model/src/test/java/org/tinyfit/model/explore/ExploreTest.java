package org.tinyfit.model.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.Inference;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.TestNets;
import org.tinyfit.model.provenance.Provenance;

class ExploreTest {
    @TempDir Path dir;

    record P(double cost, double value) { }

    @Test void paretoFrontAgainstBruteForce() {
        Random r = new Random(4);
        for (int rep = 0; rep < 20; rep++) {
            List<P> ps = new ArrayList<>();
            for (int i = 0; i < 40; i++) ps.add(new P(r.nextInt(20), r.nextInt(20)));
            List<P> front = Pareto.front(ps, P::cost, P::value);
            for (P p : ps) {
                boolean dominated = ps.stream().anyMatch(q -> q.cost() <= p.cost() && q.value() >= p.value() && (q.cost() < p.cost() || q.value() > p.value()));
                boolean inFront = front.stream().anyMatch(q -> q.cost() == p.cost() && q.value() == p.value());
                assertEquals(!dominated, inFront, p + " in " + front);
            }
            for (int i = 1; i < front.size(); i++) assertTrue(front.get(i).cost() > front.get(i - 1).cost() && front.get(i).value() > front.get(i - 1).value());
        }
    }

    @Test void atlasRoundTripsThroughCsv() throws Exception {
        Atlas a = new Atlas(List.of(
                new Atlas.Entry("kp", "lstm.kernel=kp:8x4,64x39;fc.kernel=dense", 4330, 18.86, 17320, 338, 0.95, 0.94, 0.96, 2000, 10, 1, "scratch", "trained", "m.kp.tinyfit", 300),
                new Atlas.Entry("small", "", 4130, 19.8, 16520, 100, 0.9, 0.88, 0.91, 2000, 10, 1, "scratch", "trained", "m.small.tinyfit", 200)));
        Path f = dir.resolve("atlas.csv");
        a.write(f);
        Atlas b = Atlas.read(f);
        assertEquals(2, b.entries().size());
        assertEquals(a.entries().get(0), b.entries().get(0));
        assertEquals("", b.entries().get(1).plan());
        assertTrue(b.forPlan("lstm.kernel=kp:8x4,64x39;fc.kernel=dense").isPresent());
        assertEquals(2, b.with(a.entries().get(0)).entries().size(), "same plan replaces");
        Files.writeString(f, "a,b\n1,2\n");
        assertThrows(java.io.IOException.class, () -> Atlas.read(f));
        assertTrue(Atlas.read(dir.resolve("none.csv")).entries().isEmpty());
    }

    @Test void trainedCacheKeepsRetrainsPerModelAndPlan() throws Exception {
        TrainedCache c = new TrainedCache(dir.resolve("cache"));
        Network n = TestNets.classifier(1, 3, 2, 2, 4, CellType.GRU);
        n = n.withProvenance(Provenance.NONE.withAccuracy(new Provenance.Accuracy(0.5, 0.4, 0.6)));
        String k1 = TrainedCache.key(new byte[] {1, 2}, "lstm.kernel=kp:2x2,2x2", "scratch", 10, 1);
        String k2 = TrainedCache.key(new byte[] {1, 2}, "lstm.kernel=kp:2x2,2x2", "scratch", 10, 2);
        assertNotEquals(k1, k2);
        assertFalse(c.find(k1).isPresent());
        c.put(k1, n);
        Network back = c.find(k1).orElseThrow();
        assertEquals(0.5, TrainedCache.accuracy(back));
        float[] x = TestNets.rand(new Random(2), 6, 1);
        assertEquals(Inference.logits(n, x, 1)[0], Inference.logits(back, x, 1)[0]);
        Files.writeString(c.file(k2), "garbage");
        assertFalse(c.find(k2).isPresent(), "an unreadable entry counts as absent");
    }

    @Test void trainedCacheListsEveryRunOfAPlanWhateverItsSettings() throws Exception {
        TrainedCache c = new TrainedCache(dir.resolve("cache"));
        Network n = TestNets.classifier(1, 3, 2, 2, 4, CellType.GRU);
        byte[] base = {1, 2};
        String plan = "lstm.kernel=kp:2x2,2x2";
        assertTrue(c.runs(base, plan).isEmpty());
        c.put(base, plan, "scratch", 1, 1, n);
        c.put(base, plan, "projection", 10, 3, n);
        c.put(base, plan, "scratch", 1, 1, n); // the same run again: listed once
        c.put(base, "other", "scratch", 1, 1, n);
        var runs = c.runs(base, plan);
        assertEquals(2, runs.size(), runs.toString());
        assertEquals(new TrainedCache.Run("scratch", 1, 1, TrainedCache.key(base, plan, "scratch", 1, 1)), runs.get(0));
        assertEquals(10, runs.get(1).epochs());
        assertTrue(c.find(runs.get(1).key()).isPresent());
        Files.delete(c.file(runs.get(0).key()));
        assertEquals(1, c.runs(base, plan).size(), "a run whose model is gone is not listed");
    }
}
