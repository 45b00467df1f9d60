package org.tinyfit.app.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.BatchInference;
import org.tinyfit.model.net.Inference;
import org.tinyfit.model.net.Network;

/**
 * The batched fast path picks the same class as the per-sample reference inference on every
 * sample of the shipped eval sets, for every sample model and
 * projected plans with int8 activations (the other shipped variants are covered by
 * {@link AtlasTest}: their accuracies, now measured on the fast path, equal the recorded ones).
 */
class BatchArgmaxTest {

    @Test void everyShippedModelPredictsTheSameClassesOnItsEvalSet() throws Exception {
        Path root = AtlasTest.samples();
        assertNotNull(root, "sample-models not found");
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(d -> Files.isRegularFile(d.resolve(d.getFileName() + ".tinyfit"))).sorted().forEach(dirs::add);
        }
        int models = 0;
        for (Path dir : dirs) {
            Network base = TinyfitFile.read(dir.resolve(dir.getFileName() + ".tinyfit"));
            Dataset eval = DatasetFile.read(dir.resolve(base.datasets().get("eval")));
            int[] all = new int[eval.n()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            float[] x = eval.inputs(all, 0, all.length);
            // the shipped variants are checked through their exact atlas accuracies (AtlasTest, on the fast path)
            List<Network> nets = new ArrayList<>();
            nets.add(base);
            String k = base.matrixNames().get(0);
            nets.add(Compressor.apply(base, PlanText.parse(k + "=kp:" + kpShape(base) + "/int8;activations=int8", base)));
            nets.add(Compressor.apply(base, PlanText.parse("*=dense/int8;activations=int8", base)));
            for (Network n : nets) {
                float[] ref = Inference.logits(n, x, eval.n());
                float[] got = BatchInference.logits(n, x, eval.n());
                int c = n.classes(), differ = 0;
                for (int s = 0; s < eval.n(); s++) if (Inference.argmax(ref, s, c) != Inference.argmax(got, s, c)) differ++;
                assertEquals(0, differ, n.name() + ": samples whose class differs");
                models++;
            }
        }
        assertTrue(models >= 9, "models checked: " + models);
    }

    /** A KP shape of the first matrix: rows and columns split as 2 x 2 factors. */
    static String kpShape(Network net) {
        var k = net.layers().get(0).kernel();
        int m = k.rows(), n = k.cols();
        int m1 = m % 8 == 0 ? 8 : 1, n1 = n % 4 == 0 ? 4 : 1;
        return m1 + "x" + n1 + "," + (m / m1) + "x" + (n / n1);
    }
}
