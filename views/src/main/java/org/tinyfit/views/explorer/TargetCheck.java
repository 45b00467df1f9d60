package org.tinyfit.views.explorer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.export.ExportService;
import org.tinyfit.model.ontarget.Core;
import org.tinyfit.model.ontarget.TargetRun;

/**
 * The explorer's "Run on emulated Cortex-M": the C export of the current plan (through
 * {@link ExportService}, as Export C does) with the bare-metal project for a core, built and
 * run on QEMU ({@link TargetRun#attempt}). Called off the fx thread.
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
     * -DTINYFIT_FAST_NONLINEAR); the report, or why there is none. The estimate uses {@code dev} when it
     * has that core, else the core's default device.
     */
    public static TargetRun.Outcome run(ExportService.Source src, Device dev, Path dir, Core core, boolean fastNonlinear, String tool)
            throws IOException {
        ExportService.CExported x = ExportService.c(src, dev, dir, null, SAMPLES, tool);
        return TargetRun.attempt(x.result(), x.compressed(), dir, core, coreFor(dev) == core ? dev : null, fastNonlinear, tool);
    }
}
