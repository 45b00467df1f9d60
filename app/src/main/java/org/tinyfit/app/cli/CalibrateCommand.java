package org.tinyfit.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tinyfit.app.Version;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.export.ExportService;
import org.tinyfit.model.io.cexport.CExport;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.ontarget.Core;
import org.tinyfit.model.ontarget.CoreCalibration;
import org.tinyfit.model.ontarget.TargetReport;
import org.tinyfit.model.ontarget.TargetRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tinyfit calibrate MODEL --target CORE --plan P [--plan P ...]}: per-technique MAC rates from emulated runs. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Run the C export of a few plans on an emulated Cortex-M (QEMU) and fit the cost model's",
            "MAC rates per technique for that core from the emulated instruction counts (not cycles);",
            "prints how far the estimates were. Needs arm-none-eabi-gcc, newlib and qemu-system-arm."})
final class CalibrateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a .tinyfit file or the name of a sample model")
    String model;

    @Option(names = "--target", paramLabel = "CORE", defaultValue = "cortex-m4", description = "cortex-m3, cortex-m4, cortex-m7 or cortex-m33 (default cortex-m4)")
    String target;

    @Option(names = "--plan", paramLabel = "PLAN", description = "a compression plan (repeat for several; default: the model as stored)")
    List<String> plans;

    @Option(names = "--device", paramLabel = "ID", description = "device whose MAC rates the estimate uses (default: the core's, e.g. cortex-m4f-32k)")
    String device;

    @Option(names = "--devices", paramLabel = "FILE", description = "extra device catalog files")
    List<Path> deviceFiles;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "4", description = "test samples per run (default 4)")
    int samples;

    @Option(names = "--out", paramLabel = "DIR", description = "folder for the projects, one subfolder per plan (default: a new temporary folder)")
    Path out;

    @Option(names = "--fast-nonlinear", description = "build the model with -DTINYFIT_FAST_NONLINEAR (expf/tanhf), as a deployment would")
    boolean fastNonlinear;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public Integer call() throws IOException {
        if (samples < 1 || samples > 1000) throw new UserError("--samples must be in 1..1000, got " + samples);
        Core core = Core.parse(target);
        Models.Loaded m = Models.load(model);
        Device dev = device == null ? TargetRun.defaultDevice(core) : Devices.device(Devices.catalog(deviceFiles), device);
        PrintWriter o = spec.commandLine().getOut();
        List<String> missing = TargetRun.missing();
        if (!missing.isEmpty()) throw new UserError("calibrate " + TargetRun.installHint(missing));
        List<String> given = plans == null || plans.isEmpty() ? List.of("") : plans;
        List<Network> nets = new ArrayList<>();
        for (String p : given) nets.add(p.isEmpty() ? m.net() : Compressor.apply(m.net(), Plans.parse(p, m.net())));
        Path root = out != null ? out : Files.createTempDirectory("tinyfit-calibrate-");
        ExportService.TestVector tv = ExportService.testVector(m.net(), new ExportService.Source(m.net(), m.file(), null).evalSet(), samples);
        List<TargetReport> reports = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        String producer = "TinyFit " + Version.get() + " (tinyfit calibrate " + m.arg() + ")";
        for (int i = 0; i < nets.size(); i++) {
            String label = given.get(i).isEmpty() ? "(as stored)" : given.get(i);
            CExport.Result res = CExport.generate(nets.get(i), tv.inputs(), tv.samples(), dev, producer);
            Path dir = root.resolve("plan-" + (i + 1));
            res.write(dir);
            TargetReport r = TargetRun.run(res, nets.get(i), dir, core, dev, true, fastNonlinear, TargetRun.DEFAULT_TIMEOUT_SECONDS, producer);
            o.printf("plan %d  %s%n        %s%n        %,.0f emulated instructions per inference, estimate %,.0f cycles; project in %s%n",
                    i + 1, label, r.verdict(), r.instructions(), r.estimatedCycles(), dir);
            o.flush();
            reports.add(r);
            labels.add("plan " + (i + 1) + " " + label);
        }
        try {
            o.print(CoreCalibration.fit(labels, reports).text());
        } catch (IllegalArgumentException e) {
            o.println("no fit: " + e.getMessage());
            return 1;
        }
        for (TargetReport r : reports) if (!r.pass()) return 1;
        return 0;
    }
}
