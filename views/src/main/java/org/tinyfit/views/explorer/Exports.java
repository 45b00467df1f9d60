package org.tinyfit.views.explorer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.cost.CostTable;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.io.cexport.CExport;
import org.tinyfit.model.net.Network;
import org.tinyfit.views.Formats;

/**
 * The explorer's exports of the current plan (the same model calls as {@code tinyfit export}):
 * C sources, a compressed .tinyfit, the per-matrix cost table. Called off the fx thread;
 * each returns the sentence the message bar shows.
 */
public final class Exports {
    /** Samples in the C test vector (as the CLI's default). */
    public static final int TEST_SAMPLES = 8;

    private Exports() { }

    /** Writes tinyfit_model.h/.c, main.c and test_vector.h into {@code dir} (created when missing). */
    public static String c(Network base, Path modelFile, CompressionPlan plan, Device dev, Path dir, String tool, String weights) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new IOException(dir + " is a file; C export writes a folder");
        Network compressed = Compressor.apply(base, plan);
        int per = compressed.steps() * compressed.features();
        Dataset ds = evalSet(base, modelFile);
        int n;
        float[] x;
        String source;
        if (ds != null) {
            n = Math.min(TEST_SAMPLES, ds.n());
            x = new float[n * per];
            for (int i = 0; i < n; i++) ds.copyInput(i, x, i * per);
            source = "the first " + n + " samples of " + ds.name();
        } else {
            n = TEST_SAMPLES;
            x = new float[n * per];
            Random r = new Random(1);
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            source = n + " random inputs (no eval set)";
        }
        CExport.Result res = CExport.generate(compressed, x, n, dev, tool);
        Files.createDirectories(dir);
        res.write(dir);
        var mem = res.memory();
        var est = res.estimate();
        return "Wrote " + String.join(", ", res.files().keySet()) + " to " + dir + " (test vector: " + source + "). Flash "
                + Formats.integer(est.flashBytes()) + " bytes (estimate); SRAM " + Formats.integer(mem.totalBytes())
                + " bytes of static buffers in the C, " + Formats.integer(est.sramBytes()) + " bytes estimated on " + dev.id()
                + (mem.excessBytes() == 0 ? "" : " (tinyfit_model.h explains the difference)")
                + ". Weights: " + weights + ".";
    }

    /** Writes the model under the plan (factors stored, the plan in its provenance) to {@code file}. */
    public static String model(Network base, Path modelFile, CompressionPlan plan, Path file, String tool, String weights) throws IOException {
        Network compressed = Compressor.apply(base, plan);
        CompressionPlan eff = Compressor.effectivePlan(base, plan);
        Map<String, Object> prov = new LinkedHashMap<>(compressed.provenance());
        prov.put("plan", PlanText.format(eff));
        if (modelFile != null) prov.put("compressed_from", modelFile.getFileName().toString());
        prov.put("compressed_with", tool + " (" + weights + ")");
        prov.put("compressed_date", LocalDate.now().toString());
        // a .tinyfit names data sets by file names beside it: keep those that are there
        Map<String, String> ds = new LinkedHashMap<>();
        Path to = file.toAbsolutePath().getParent();
        for (var e : base.datasets().entrySet()) if (to != null && Files.isRegularFile(to.resolve(e.getValue()))) ds.put(e.getKey(), e.getValue());
        Network out = compressed.withLayers(compressed.layers(), prov).withDatasets(ds);
        TinyfitFile.write(out, file);
        return "Wrote " + file + ": " + Formats.params(out.params()) + ", plan "
                + (PlanText.format(eff).isEmpty() ? "(as stored)" : PlanText.format(eff)) + " (" + weights + ")";
    }

    /** Writes the per-matrix cost table of the plan on {@code dev} as CSV. */
    public static String csv(Network base, CompressionPlan plan, Device dev, boolean streaming, Path file) throws IOException {
        CostReport r = CostModel.estimate(base, Compressor.effectivePlan(base, plan), dev, CostOptions.of(streaming));
        CostTable.writeCsv(CostTable.of(r), file);
        return "Wrote " + file + ": " + r.matrices().size() + " matrices, flash " + Formats.bytes(r.flashBytes()) + ", SRAM "
                + Formats.bytes(r.sramBytes()) + " on " + dev.id() + " (estimates)";
    }

    private static Dataset evalSet(Network net, Path modelFile) {
        String rel = net.datasets().get("eval");
        if (rel == null || modelFile == null) return null;
        Path p = modelFile.toAbsolutePath().getParent().resolve(rel);
        if (!Files.isRegularFile(p)) return null;
        try {
            Dataset ds = DatasetFile.read(p);
            StreamingEvaluator.checkCompatible(net, ds);
            return ds;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
