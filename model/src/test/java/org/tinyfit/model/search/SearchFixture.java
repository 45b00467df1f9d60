package org.tinyfit.model.search;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.plan.Activations;

/** digits-fastrnn, its data, and search settings for tests. */
final class SearchFixture {
    final Network base;
    final Dataset train, eval;

    SearchFixture() throws Exception {
        Path m = SearchTestFiles.model("digits-fastrnn");
        base = TinyfitFile.read(m);
        Path dir = m.getParent();
        train = DatasetFile.read(dir.resolve(base.datasets().get("train")));
        eval = DatasetFile.read(dir.resolve(base.datasets().get("eval")));
    }

    static Limits limits(long flash) {
        var d = DeviceCatalog.builtIn().get("nucleo-f746zg");
        return new Limits(d, flash, (long) d.sramBytes(), Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    static SearchConfig config(Limits l, int trials, long seed, SearchConfig.Strategy s, int minEpochs, int fullEpochs) {
        return new SearchConfig(l, Set.of("kp", "hkp", "dkp", "lmf", "prune", "small"), List.of(32, 8, 4),
                List.of(Activations.FLOAT32, Activations.INT8), trials, null, 0, minEpochs, fullEpochs, 3, seed, 0.02, 64, s);
    }

    static SearchConfig withTime(SearchConfig c, Duration d) {
        return new SearchConfig(c.limits(), c.techniques(), c.bits(), c.activations(), c.maxTrials(), d, c.maxEpochs(), c.minEpochs(),
                c.fullEpochs(), c.eta(), c.seed(), c.learningRate(), c.batchSize(), c.strategy());
    }

    SearchOutcome run(Path dir, SearchConfig cfg, TrialRunner runner, int slots) throws Exception {
        SearchInputs in = SearchInputs.prepare(dir, base, train, eval);
        try (LocalTrialExecutor ex = new LocalTrialExecutor(runner, in.inputsBySha256(), slots)) {
            return new Search(base, in, cfg, ex, List.of(), null).run();
        }
    }
}
