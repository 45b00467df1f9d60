package org.tinyfit.views.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.plan.PlanText;

/** The matrix MACs sentence agrees with the cost table, a GRU's two mat-vecs a step included. */
class CostTextsTest {
    @Test
    void gruKpMacsPerStepAreTwoMatVecs() throws Exception {
        Network net = TinyfitFile.read(Path.of("..", "sample-models", "fashion-gru", "fashion-gru.tinyfit"));
        var dev = DeviceCatalog.builtIn().get("cortex-m4f-32k");
        CostReport r = CostModel.estimate(net, PlanText.parse("gru.kernel=kp:4x4,96x39", net), dev, CostOptions.DEFAULT);
        CostReport d = CostModel.estimate(net, PlanText.parse("", net), dev, CostOptions.DEFAULT);
        var mc = r.matrix("gru.kernel");
        var dm = d.matrix("gru.kernel");
        // KP 4x4,96x39 on 384 x 156: min(4*96*(39+4), 39*4*(4+96)) = 15,600 per mat-vec, two a step, 28 steps
        assertEquals(15_600, mc.macsPerStep());
        assertEquals(873_600, mc.macs());
        assertEquals("31,200 MACs per step (2 mat-vecs of 15,600: a GRU's compressed kernel runs on x and on h) \u00d7 28 steps"
                + " = 873,600, of the dense " + String.format(java.util.Locale.ROOT, "%,d", dm.macs()), CostTexts.macsDetail(mc, dm));
        assertEquals(384L * 156 * 28, dm.macs());
        assertEquals(873_600.0 / (384L * 156 * 28), CostTexts.macsShare(mc, dm), 1e-12);

        // one mat-vec a step: the plain sentence
        var dense = d.matrix("gru.kernel");
        assertEquals(String.format(java.util.Locale.ROOT, "%,d", 384L * 156) + " MACs per step \u00d7 28 steps = " + String.format(java.util.Locale.ROOT, "%,d", dense.macs())
                + ", of the dense " + String.format(java.util.Locale.ROOT, "%,d", dense.macs()), CostTexts.macsDetail(dense, dense));
    }
}
