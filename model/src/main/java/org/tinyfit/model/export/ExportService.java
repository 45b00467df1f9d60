package org.tinyfit.model.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.tinyfit.model.compress.CompressedOp;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.cost.CostTable;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.EvalProgress;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.io.cexport.CExport;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.provenance.ModelKind;
import org.tinyfit.model.provenance.Provenance;

/**
 * The exports of a model under a plan, shared by {@code tinyfit export} and the window:
 * C sources with a test vector, a {@code .tinyfit} (factors stored; its provenance says
 * how it was made and the accuracy measured on it), and the per-matrix cost table. The
 * plan costed, generated and recorded is always the effective plan
 * ({@link Compressor#effectivePlan}): matrices the plan does not name count as stored.
 * Callers word their own messages from the results.
 */
public final class ExportService {
    /** Samples in the C test vector unless the caller asks for another number. */
    public static final int TEST_SAMPLES = 8;

    private ExportService() { }

    /**
     * What is exported.
     *
     * @param net     the network whose weights are exported (a trained variant when there is one)
     * @param file    the file it was read from, recorded as an exported model's parent; null for a
     *                network that is in no file (a retrain held in memory or a cache)
     * @param dataDir the folder its data sets are named relative to (default: the file's folder)
     * @param plan    the plan to apply, or null for the model as stored
     */
    public record Source(Network net, Path file, Path dataDir, CompressionPlan plan) {
        public Source {
            if (net == null) throw new IllegalArgumentException("nothing to export: no model");
            if (dataDir == null && file != null) dataDir = file.toAbsolutePath().getParent();
        }

        /** A network read from {@code file}. */
        public Source(Network net, Path file, CompressionPlan plan) { this(net, file, null, plan); }

        /** The network under the plan (weights projected or re-quantized, not retrained). */
        public Network compressed() { return plan == null ? net : Compressor.apply(net, plan); }

        /** The plan that describes {@link #compressed()}, stored structures included. */
        public CompressionPlan effectivePlan() { return Compressor.effectivePlan(net, plan); }

        /** The file of the eval set the model names, when it is there; else null. */
        public Path evalFile() {
            String rel = net.datasets().get("eval");
            if (rel == null || dataDir == null) return null;
            Path p = dataDir.resolve(rel);
            return Files.isRegularFile(p) ? p : null;
        }

        /** The eval set named by the model beside its file, when it is there and fits the model; else null. */
        public Dataset evalSet() {
            Path p = evalFile();
            if (p == null) return null;
            try {
                Dataset ds = DatasetFile.read(p);
                StreamingEvaluator.checkCompatible(net, ds);
                return ds;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    // ------------------------------------------------------------------ C

    /** Inputs of the C test vector and where they came from. */
    public record TestVector(float[] inputs, int samples, String source) { }

    /** The first {@code samples} inputs of {@code data}, or (no data) as many N(0,1) inputs drawn with seed 1. */
    public static TestVector testVector(Network net, Dataset data, int samples) {
        if (samples < 1) throw new IllegalArgumentException("test vector samples must be positive, got " + samples);
        int per = net.steps() * net.features();
        if (data != null) {
            int n = Math.min(samples, data.n());
            float[] x = new float[n * per];
            for (int i = 0; i < n; i++) data.copyInput(i, x, i * per);
            return new TestVector(x, n, "the first " + n + " samples of " + data.name());
        }
        float[] x = new float[samples * per];
        Random r = new Random(1);
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return new TestVector(x, samples, samples + " random N(0,1) inputs (seed 1; no eval set)");
    }

    /** A C export: the generated files (written), the test vector and the compressed network they realise. */
    public record CExported(Path dir, CExport.Result result, TestVector testVector, Network compressed) { }

    /**
     * Writes tinyfit_model.h/.c, main.c and test_vector.h into {@code dir} (created when missing).
     *
     * @param testData the test vector's data set, or null for the model's eval set (random inputs when it has none)
     * @param producer what the generated files' preamble names as their maker
     */
    public static CExported c(Source s, Device dev, Path dir, Dataset testData, int samples, String producer) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new IOException(dir + " is a file; C export writes a folder");
        Network compressed = s.compressed();
        TestVector tv = testVector(compressed, testData != null ? testData : s.evalSet(), samples);
        CExport.Result res = CExport.generate(compressed, tv.inputs(), tv.samples(), dev, producer);
        res.write(dir);
        return new CExported(dir, res, tv, compressed);
    }

    // ------------------------------------------------------------------ .tinyfit

    /**
     * A model export.
     *
     * @param model           the model as written (provenance included)
     * @param plan            its effective plan
     * @param droppedDatasets data set roles the new file does not name (their files are not beside it), role to file
     * @param accuracy        accuracy measured on the written file (null when no eval set was at hand)
     */
    public record ModelExported(Path file, Network model, CompressionPlan plan, Map<String, String> droppedDatasets,
                                EvalProgress accuracy) { }

    /**
     * Writes the model under the plan to {@code file}: factors stored, provenance saying how
     * it was made (quantized after training when only bits or activations change, projected
     * when a matrix takes a new structure; the training record of the source kept), the
     * effective plan, the source file as parent and the accuracy measured on the file as
     * written (on the source's eval set, when it is at hand). A {@code .tinyfit} names data
     * sets by file names beside it, so only those there are kept.
     *
     * @param version the TinyFit version recorded
     */
    public static ModelExported model(Source s, Path file, String version) throws IOException {
        Network compressed = s.compressed();
        CompressionPlan eff = s.effectivePlan();
        Provenance prov = provenance(s, eff, version);
        Map<String, String> kept = new LinkedHashMap<>(), dropped = new LinkedHashMap<>();
        Path to = file.toAbsolutePath().getParent();
        for (var e : s.net().datasets().entrySet()) {
            if (to != null && Files.isRegularFile(to.resolve(e.getValue()))) kept.put(e.getKey(), e.getValue());
            else dropped.put(e.getKey(), e.getValue());
        }
        Network out = compressed.withProvenance(prov).withDatasets(kept);
        Dataset eval = s.evalSet();
        EvalProgress acc = null;
        if (eval != null) {
            // measured on the model as written and read back, then recorded in it
            TinyfitFile.write(out, file);
            acc = new StreamingEvaluator().evaluate(TinyfitFile.read(file), eval, null, () -> false);
            Path ef = s.evalFile();
            Provenance.DataRef measuredOn = new Provenance.DataRef(eval.name(), ef.getFileName().toString(), acc.count(), DatasetFile.sha256(ef));
            out = out.withProvenance(prov.withAccuracy(new Provenance.Accuracy(acc.accuracy(), acc.ciLow(), acc.ciHigh()))
                    .withEvalData(measuredOn));
        }
        TinyfitFile.write(out, file);
        return new ModelExported(file, out, eff, dropped, acc);
    }

    /**
     * The provenance of the exported model: the source's own when the plan changes nothing,
     * else the source's training record with the new kind, plan, parent and method (accuracy
     * to be measured).
     */
    static Provenance provenance(Source s, CompressionPlan eff, String version) {
        Provenance src = s.net().provenance();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        CompressionPlan stored = Compressor.effectivePlan(s.net(), null);
        String parentFile = s.file() == null ? null : s.file().getFileName().toString();
        if (eff.equals(stored)) return src.withPlan(PlanText.format(eff));
        ModelKind kind = kindOf(s.net(), stored, eff);
        String how = kind == ModelKind.QUANTIZED_AFTER_TRAINING
                ? "quantized after training, no retraining: weights per-tensor symmetric to the plan's bits"
                        + (eff.activations() == Activations.INT8 ? ", int8 activations" : "")
                : "projected onto the plan, no retraining";
        return src.derived(kind, PlanText.format(eff), parentFile, how, version, today);
    }

    /** Quantized after training when every matrix keeps its structure (only bits or activations change), else projected. */
    static ModelKind kindOf(Network net, CompressionPlan stored, CompressionPlan eff) {
        for (Layer l : net.layers()) {
            MatrixPlan before = stored.entry(l.kernelName()), after = eff.entry(l.kernelName());
            if (before.technique().equals(after.technique())) continue;
            if (l.kernel() instanceof CompressedOp c && Compressor.sameStructure(c, after.technique())) continue;
            return ModelKind.PROJECTED;
        }
        return ModelKind.QUANTIZED_AFTER_TRAINING;
    }

    // ------------------------------------------------------------------ cost table

    /** A cost table export: the estimate written. */
    public record CostsExported(Path file, CostReport report) { }

    /** Writes the per-matrix cost table of the effective plan on {@code dev} as CSV. */
    public static CostsExported costs(Source s, Device dev, CostOptions options, Path file) throws IOException {
        CostReport r = CostModel.estimate(s.net(), s.effectivePlan(), dev, options);
        CostTable.writeCsv(CostTable.of(r), file);
        return new CostsExported(file, r);
    }
}
