package org.tinyfit.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.Inference;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.TestNets;

class StreamingEvaluatorTest {

    @Test
    void wilsonMatchesPublishedValues() {
        // 8 of 10: the textbook 95% Wilson interval (0.4902, 0.9433)
        double[] ci = WilsonInterval.of95(8, 10);
        assertEquals(0.4901624715366418, ci[0], 1e-12);
        assertEquals(0.9433178485456248, ci[1], 1e-12);
        ci = WilsonInterval.of95(0, 5);
        assertEquals(0.0, ci[0], 1e-12);
        assertEquals(0.43448246478317476, ci[1], 1e-12);
        assertArrayEquals(new double[] {0, 1}, WilsonInterval.of95(0, 0));
    }

    @Test
    void balancedOrderInterleavesClasses() {
        int[] y = {0, 0, 0, 1, 2, 2, 1, 0};
        // class 0: 0,1,2,7  class 1: 3,6  class 2: 4,5
        assertArrayEquals(new int[] {0, 3, 4, 1, 6, 5, 2, 7}, StreamingEvaluator.balancedOrder(y));
    }

    private static Dataset randomData(Network net, int n, long seed) {
        Random r = new Random(seed);
        float[] x = TestNets.rand(r, n * net.steps() * net.features(), 1);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(net.classes());
        return new Dataset("rand", n, net.steps(), net.features(), null, x, y, 1f, List.of(), Map.of());
    }

    @Test
    void finalResultIsExactAccuracyAndChunksArePublished() {
        Network net = TestNets.classifier(7, 4, 3, 3, 5, CellType.GRU);
        Dataset d = randomData(net, 1037, 8);
        // independent count: one inference over the file order
        float[] logits = Inference.logits(net, d.xF32(), d.n());
        int correct = 0;
        for (int s = 0; s < d.n(); s++) if (Inference.argmax(logits, s, 3) == d.y()[s]) correct++;
        List<EvalProgress> seen = new ArrayList<>();
        EvalProgress fin = new StreamingEvaluator(50, 300).evaluate(net, d, seen::add, () -> false);
        assertEquals(correct, fin.correct());
        assertEquals(1037, fin.count());
        assertTrue(fin.done());
        assertEquals((double) correct / 1037, fin.accuracy(), 1e-15);
        // 50, 350, 650, 950, 1037
        assertEquals(5, seen.size());
        assertEquals(50, seen.get(0).count());
        assertEquals(350, seen.get(1).count());
        for (EvalProgress p : seen) assertTrue(p.ciLow() <= p.accuracy() && p.accuracy() <= p.ciHigh());
        assertTrue(seen.get(0).ciHigh() - seen.get(0).ciLow() > fin.ciHigh() - fin.ciLow());
    }

    @Test
    void cancellationStopsBetweenChunks() {
        Network net = TestNets.classifier(7, 4, 3, 3, 5, CellType.LSTM);
        Dataset d = randomData(net, 500, 9);
        AtomicInteger chunks = new AtomicInteger();
        assertThrows(CancellationException.class, () ->
                new StreamingEvaluator(100, 100).evaluate(net, d, p -> chunks.incrementAndGet(), () -> chunks.get() >= 2));
        assertEquals(2, chunks.get());
    }

    @Test
    void incompatibleDataIsRejectedWithMessage() {
        Network net = TestNets.classifier(7, 4, 3, 3, 5, CellType.LSTM);
        Dataset d = new Dataset("other", 1, 4, 2, new byte[8], null, new int[] {0}, 1f, List.of(), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StreamingEvaluator().evaluate(net, d, null, () -> false));
        assertEquals("data set 'other' has samples of 4 x 2 but model 'test' expects 4 x 3", e.getMessage());
    }
}
