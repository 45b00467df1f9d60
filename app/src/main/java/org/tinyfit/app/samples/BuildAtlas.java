package org.tinyfit.app.samples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tinyfit.app.Version;
import org.tinyfit.model.compress.CompressedOp;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.EvalProgress;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.explore.Atlas;
import org.tinyfit.model.export.ExportService;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;
import org.tinyfit.model.provenance.ModelKind;
import org.tinyfit.model.train.CompressedTraining;
import org.tinyfit.model.train.TrainConfig;

/**
 * Trains the atlas of a sample model: compressed variants at matched parameter
 * counts, each written beside the model as {@code NAME.ID.tinyfit} and as a row of
 * {@code atlas.csv}. Resumable: variants already in the atlas with their file are
 * skipped. Usage:
 * {@code BuildAtlas --model DIR/NAME.tinyfit --variants ID=PLAN,... [--epochs N] [--lr LR] [--seed S] [--only ID,...] [--rebuild true]},
 * where PLAN is a plan text, {@code small:H} (the same network with H hidden units),
 * or {@code quant:ID:PLAN} (PLAN applied after training to variant ID, no retraining: written by
 * {@link ExportService#model}, so its provenance says so and carries its own measured accuracy).
 * {@code --rebuild true} makes the variants named by {@code --only} again even when the atlas has them.
 */
public final class BuildAtlas {
    private BuildAtlas() { }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i], args[i + 1]);
        Path modelFile = Path.of(a.get("--model"));
        Path dir = modelFile.toAbsolutePath().getParent();
        Network base = TinyfitFile.read(modelFile);
        int epochs = Integer.parseInt(a.getOrDefault("--epochs", "10"));
        double lr = Double.parseDouble(a.getOrDefault("--lr", "0.01"));
        long seed = Long.parseLong(a.getOrDefault("--seed", "1"));
        int batch = Integer.parseInt(a.getOrDefault("--batch", "64"));
        List<String> only = a.containsKey("--only") ? List.of(a.get("--only").split(",")) : null;
        Path trainPath = dir.resolve(base.datasets().get("train"));
        Path evalPath = dir.resolve(base.datasets().get("eval"));
        Dataset train = DatasetFile.read(trainPath);
        Dataset eval = DatasetFile.read(evalPath);
        String trainHash = DatasetFile.sha256(trainPath);
        String evalHash = DatasetFile.sha256(evalPath);
        boolean rebuild = Boolean.parseBoolean(a.getOrDefault("--rebuild", "false")) && only != null;
        Path atlasFile = dir.resolve(Atlas.FILE);
        Atlas atlas = Atlas.read(atlasFile);
        var device = DeviceCatalog.builtIn().get("nucleo-f746zg");
        long baseParams = base.params();
        for (String v : a.get("--variants").split(";;")) {
            int eq = v.indexOf('=');
            String id = v.substring(0, eq).trim(), what = v.substring(eq + 1).trim();
            if (only != null && !only.contains(id)) continue;
            String fileName = base.name() + "." + id + ".tinyfit";
            Path out = dir.resolve(fileName);
            if (!rebuild && Files.exists(out) && atlas.entries().stream().anyMatch(e -> e.file().equals(fileName))) {
                System.out.println(id + ": in the atlas, skipped");
                continue;
            }
            TrainConfig cfg = TrainConfig.defaults(epochs, seed).withBatchSize(batch).withLearningRate(lr);
            long t0 = System.nanoTime();
            Network result;
            String technique;
            ModelKind kind = ModelKind.TRAINED;
            String from = "scratch";
            int ep = epochs;
            boolean written = false;
            if (what.startsWith("quant:")) {
                String[] p = what.split(":", 3);
                Path srcFile = dir.resolve(base.name() + "." + p[1] + ".tinyfit");
                Network src = TinyfitFile.read(srcFile);
                CompressionPlan plan = PlanText.parse(p[2], src);
                technique = p[1].replaceAll("-.*", "") + "-" + (plan.activations().id().equals("int8") ? "int8" : "int" + plan.forMatrix(src.layers().get(0).kernelName()).bits());
                // the export service writes it: provenance of a quantization after training, accuracy measured on the file
                ExportService.ModelExported x = ExportService.model(new ExportService.Source(src, srcFile, plan), out, Version.get());
                result = x.model();
                kind = result.provenance().kind();
                if (kind != ModelKind.QUANTIZED_AFTER_TRAINING) throw new IllegalArgumentException(id + ": " + p[2] + " changes the structure of " + p[1] + ", not only its bits");
                from = p[1];
                ep = src.provenance().epochs() == null ? 0 : src.provenance().epochs();
                written = true;
            } else if (what.startsWith("small:")) {
                int h = Integer.parseInt(what.substring(6));
                Network small = smaller(base, h);
                System.out.printf(Locale.ROOT, "%s: small baseline, %d hidden units, %d params%n", id, h, small.params());
                result = CompressedTraining.train(small, CompressionPlan.none(), CompressedTraining.Start.SCRATCH, train, trainHash, eval, evalHash,
                        cfg, null, null, Version.get(), BuildAtlas::progress, () -> false).network();
                technique = "small";
            } else {
                CompressionPlan plan = PlanText.parse(what, base);
                System.out.printf(Locale.ROOT, "%s: %s from scratch, %d epochs%n", id, PlanText.format(plan), epochs);
                result = CompressedTraining.train(base, plan, CompressedTraining.Start.SCRATCH, train, trainHash, eval, evalHash,
                        cfg, null, null, Version.get(), BuildAtlas::progress, () -> false).network();
                technique = techniqueOf(result);
            }
            if (!written) TinyfitFile.write(result.withDatasets(new LinkedHashMap<>(base.datasets())), out);
            // the atlas records what eval of the written file measures
            Network back = TinyfitFile.read(out);
            EvalProgress acc = new StreamingEvaluator().evaluate(back, eval, null, () -> false);
            CompressionPlan eff = Compressor.effectivePlan(back, null);
            CostReport cost = CostModel.estimate(back, eff, device, CostOptions.DEFAULT);
            // no training time for a quantization after training
            long secs = written ? 0 : Math.round((System.nanoTime() - t0) / 1e9);
            Atlas.Entry e = new Atlas.Entry(technique, what.startsWith("small:") ? "" : PlanText.format(eff), cost.params(),
                    (double) baseParams / cost.params(), cost.flashBytes(), cost.macs(), acc.accuracy(), acc.ciLow(), acc.ciHigh(), (int) acc.count(),
                    ep, seed, from, kind.id(), fileName, secs);
            atlas = atlas.with(e);
            atlas.write(atlasFile);
            System.out.printf(Locale.ROOT, "%s: %s  %,d params (%.1fx)  accuracy %.4f  %d s -> %s%n", id, technique, cost.params(),
                    e.compression(), acc.accuracy(), secs, fileName);
        }
    }

    private static void progress(org.tinyfit.model.train.TrainProgress p) {
        if (p.epochEnd()) {
            System.out.printf(Locale.ROOT, "  epoch %d/%d  loss %.4f  train acc %.4f  %.0f samples/s%n",
                    p.epoch(), p.epochs(), p.loss(), p.trainAccuracy(), p.samplesPerSecond());
        }
    }

    static String techniqueOf(Network n) {
        for (Layer l : n.layers()) if (l instanceof RnnLayer && l.kernel() instanceof CompressedOp c) return c.spec().id();
        return "dense";
    }

    /** The same architecture with {@code h} hidden units in its (single) RNN layer, zero weights. */
    static Network smaller(Network base, int h) {
        return org.tinyfit.model.search.TrialPlan.smaller(base, h);
    }
}
