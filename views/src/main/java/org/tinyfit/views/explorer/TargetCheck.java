package org.tinyfit.views.explorer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.data.StreamingEvaluator;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.cexport.CExport;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.ontarget.Core;
import org.tinyfit.model.ontarget.TargetRun;

/**
 * The explorer's "Run on emulated Cortex-M": the C export of the current plan (as
 * {@link Exports#c}) with the bare-metal project for a core, built and run on QEMU
 * ({@link TargetRun#attempt}). Called off the fx thread.
 */
public final class TargetCheck {
    /** Samples in the test vector of the run (fewer than the export's: each runs on an emulator). */
    public static final int SAMPLES = 4;

    private TargetCheck() { }

    /** The core that emulates a device best: by its core description (M3, M7, M33), else the Cortex-M4. */
    public static Core coreFor(Device d) {
        String c = d == null ? "" : d.core().toLowerCase(Locale.ROOT);
        if (c.contains("m33")) return Core.CORTEX_M33;
        if (c.contains("m7")) return Core.CORTEX_M7;
        if (c.matches(".*cortex-m3\\b.*")) return Core.CORTEX_M3;
        return Core.CORTEX_M4;
    }

    /**
     * Exports into {@code dir} and runs on {@code core} (with {@code fastNonlinear}, the model built with
     * -DTINYFIT_FAST_NONLINEAR); the report, or why there is none.
     */
    public static TargetRun.Outcome run(Network base, Path modelFile, CompressionPlan plan, Device dev, Path dir, Core core,
                                        boolean fastNonlinear, String tool) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new IOException(dir + " is a file; C export writes a folder");
        Network compressed = Compressor.apply(base, plan);
        int per = compressed.steps() * compressed.features();
        Dataset ds = evalSet(base, modelFile);
        int n = ds != null ? Math.min(SAMPLES, ds.n()) : SAMPLES;
        float[] x = new float[n * per];
        if (ds != null) {
            for (int i = 0; i < n; i++) ds.copyInput(i, x, i * per);
        } else {
            Random r = new Random(1);
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        }
        CExport.Result res = CExport.generate(compressed, x, n, dev, tool);
        res.write(dir);
        // the estimate uses the explorer's device when it has the core, else the core's default device
        Device est = coreFor(dev) == core ? dev : null;
        return TargetRun.attempt(res, compressed, dir, core, est, fastNonlinear, tool);
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
