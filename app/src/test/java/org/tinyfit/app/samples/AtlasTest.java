package org.tinyfit.app.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.EvalProgress;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.explore.Atlas;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.provenance.ModelKind;

/** Every shipped atlas row: its variant file evaluates to exactly the recorded accuracy, params and flash. */
class AtlasTest {

    static Path samples() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("sample-models/mnist-lstm"))) return p.resolve("sample-models");
        }
        return null;
    }

    @Test void shippedVariantsReproduceTheirAtlasRows() throws Exception {
        Path root = samples();
        assertNotNull(root, "sample-models not found");
        List<Path> atlases = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(d -> Files.isRegularFile(d.resolve(Atlas.FILE))).forEach(d -> atlases.add(d.resolve(Atlas.FILE)));
        }
        assertFalse(atlases.isEmpty(), "at least one sample model ships an atlas");
        var device = DeviceCatalog.builtIn().get("nucleo-f746zg");
        int checked = 0;
        for (Path a : atlases) {
            Path dir = a.getParent();
            Network base = TinyfitFile.read(dir.resolve(dir.getFileName() + ".tinyfit"));
            Dataset eval = DatasetFile.read(dir.resolve(base.datasets().get("eval")));
            for (Atlas.Entry e : Atlas.read(a).entries()) {
                if (e.file().isEmpty()) continue;
                Network v = TinyfitFile.read(dir.resolve(e.file()));
                EvalProgress acc = new StreamingEvaluator().evaluate(v, eval, null, () -> false);
                assertEquals(e.accuracy(), acc.accuracy(), 0.0, e.file());
                assertEquals(e.samples(), acc.count(), e.file());
                var plan = Compressor.effectivePlan(v, null);
                if (!e.technique().equals("small")) assertEquals(e.plan(), PlanText.format(plan), e.file());
                var cost = CostModel.estimate(v, plan, device, CostOptions.DEFAULT);
                assertEquals(e.params(), cost.params(), e.file());
                assertEquals(e.flashBytes(), cost.flashBytes(), e.file());
                var prov = v.provenance();
                assertTrue(prov.seed() != null && prov.epochs() != null, e.file() + " records its provenance");
                assertEquals(ModelKind.parse(e.kind()), prov.kind(), e.file() + ": the atlas's kind is the file's");
                // the accuracy the file records is its own, measured on it
                assertEquals(e.accuracy(), prov.accuracy().value(), 0.0, e.file() + " records its own accuracy");
                if (prov.kind() == ModelKind.QUANTIZED_AFTER_TRAINING) {
                    assertEquals(dir.getFileName() + "." + e.from() + ".tinyfit", prov.parent().file(), e.file());
                    assertEquals(0, e.trainSeconds(), e.file() + ": not trained");
                }
                checked++;
            }
        }
        assertTrue(checked >= 10, "variants checked: " + checked);
    }
}
