package org.tinyfit.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tinyfit.app.Version;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.export.ExportService;
import org.tinyfit.model.io.AtomicWrite;
import org.tinyfit.model.io.SafeNames;
import org.tinyfit.model.io.cexport.CExport;
import org.tinyfit.model.io.cexport.CToolchain;
import org.tinyfit.model.net.Inference;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.ontarget.Core;
import org.tinyfit.model.ontarget.TargetRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tinyfit export MODEL [--plan PLAN] --format c|tinyfit|csv --out PATH}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a model compressed by a plan (default: the model as stored):",
            "  c        portable C99 (tinyfit_model.h/.c, main.c, test_vector.h) into the folder --out",
            "  tinyfit  the compressed model (factors stored, plan in its provenance) to the file --out",
            "  csv      the per-matrix cost table for the plan on --device to the file --out"})
final class ExportCommand implements Callable<Integer> {
    enum Format { c, tinyfit, csv }

    @Parameters(index = "0", paramLabel = "MODEL", description = "a .tinyfit file or the name of a sample model")
    String model;

    @Option(names = "--plan", paramLabel = "PLAN", description = "compression plan, e.g. 'lstm.kernel=kp:8x4,64x39/int8;activations=int8'")
    String plan;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "c, tinyfit or csv")
    Format format;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "folder (c) or file (tinyfit, csv; a folder gets MODEL.tinyfit or MODEL-costs.csv)")
    Path out;

    @Option(names = "--device", paramLabel = "ID", description = "device of the cost estimate (default " + Devices.DEFAULT_DEVICE + ")")
    String device;

    @Option(names = "--devices", paramLabel = "FILE", description = "extra device catalog files")
    List<Path> deviceFiles;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "8", description = "c: samples in the test vector (default 8)")
    int samples;

    @Option(names = "--data", paramLabel = "FILE", description = "c: data set of the test vector (default: the model's eval set, else random inputs)")
    String data;

    @Option(names = "--check", description = "c: build main.c with gcc and run it on the test vector")
    boolean check;

    @Option(names = "--report", description = "c: compile for Cortex-M4 with arm-none-eabi-gcc and report measured sections beside the estimates")
    boolean report;

    @Option(names = "--target", paramLabel = "CORE", description = "c: also write a bare-metal project for QEMU's MPS2 board of CORE: "
            + "cortex-m3, cortex-m4, cortex-m7 or cortex-m33 (with --run: default cortex-m4)")
    String target;

    @Option(names = "--run", description = "c: build for --target with arm-none-eabi-gcc, run on qemu-system-arm and compare with TinyFit")
    boolean runOnTarget;

    @Option(names = "--fast-nonlinear", description = "c with --target: build the model with -DTINYFIT_FAST_NONLINEAR (expf/tanhf; not bit-identical)")
    boolean fastNonlinear;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public Integer call() throws IOException {
        if (samples < 1 || samples > 10000) throw new UserError("--samples must be in 1..10000, got " + samples);
        if (format != Format.c && (check || report || data != null || target != null || runOnTarget || fastNonlinear)) {
            throw new UserError("--check, --report, --data, --target, --run and --fast-nonlinear apply to --format c only");
        }
        Core core = target == null ? (runOnTarget ? Core.CORTEX_M4 : null) : Core.parse(target);
        Models.Loaded m = Models.load(model);
        Network net = m.net();
        // no plan: the model as stored; matrices a plan does not name stay (and are costed) as stored
        ExportService.Source src = new ExportService.Source(net, m.file(), plan == null ? null : Plans.parse(plan, net));
        Device dev = Devices.device(Devices.catalog(deviceFiles), device);
        PrintWriter o = spec.commandLine().getOut();
        return switch (format) {
            case c -> exportC(m, src, dev, core, o);
            case tinyfit -> exportTinyfit(m, src, o);
            case csv -> exportCsv(m, src, dev, o);
        };
    }

    private int exportCsv(Models.Loaded m, ExportService.Source src, Device dev, PrintWriter o) throws IOException {
        Path file = fileOut(SafeNames.fileName(m.net().name(), "-costs.csv"));
        CostReport r = ExportService.costs(src, dev, CostOptions.DEFAULT, file).report();
        o.printf("wrote %s: %d matrices, estimated flash %,d bytes, peak SRAM %,d bytes on %s (estimates, docs/COST_MODEL.md)%n",
                file, r.matrices().size(), r.flashBytes(), r.sramBytes(), dev.id());
        return 0;
    }

    private int exportTinyfit(Models.Loaded m, ExportService.Source src, PrintWriter o) throws IOException {
        Path file = fileOut(SafeNames.fileName(m.net().name(), ".tinyfit"));
        ExportService.ModelExported x = ExportService.model(src, file, Version.get());
        for (var e : x.droppedDatasets().entrySet()) {
            o.printf("note: the %s data set (%s) is not next to %s; the exported model does not name it%n", e.getKey(), e.getValue(), file);
        }
        String planText = PlanText.format(x.plan());
        o.printf("wrote %s: %s, %,d params, plan %s%s%n", file, x.model().name(), x.model().params(),
                planText.isEmpty() ? "(as stored)" : planText,
                x.accuracy() == null ? "" : String.format(java.util.Locale.ROOT, ", accuracy %.2f%% on %d samples (measured on the file)",
                        100 * x.accuracy().accuracy(), x.accuracy().count()));
        return 0;
    }

    private Path fileOut(String defaultName) throws IOException {
        Path file = Files.isDirectory(out) ? out.resolve(defaultName) : out;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) throw new UserError(parent + ": no such folder");
        return file;
    }

    private int exportC(Models.Loaded m, ExportService.Source src, Device dev, Core core, PrintWriter o) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) throw new UserError(out + " is a file; --format c writes a folder");
        ExportService.CExported x = ExportService.c(src, dev, out, testData(m), samples,
                "TinyFit " + Version.get() + " (tinyfit export " + m.arg() + ")");
        CExport.Result res = x.result();
        var mem = res.memory();
        var est = res.estimate();
        o.printf("wrote %s: %s%n", out, String.join(", ", res.files().keySet()));
        o.printf("plan          %s%n", PlanText.format(res.plan()).isEmpty() ? "(dense float32)" : PlanText.format(res.plan()));
        o.printf("test vector   %s; Java predictions %s%n", x.testVector().source(), predictions(res, x.compressed().classes()));
        o.printf("flash         %,d bytes estimated (weights, scales, indices, biases)%n", est.flashBytes());
        o.printf("SRAM          %,d bytes of static buffers in the C; %,d bytes estimated%s%n", mem.totalBytes(), est.sramBytes(),
                mem.excessBytes() == 0 ? " (equal, item by item)" : " (see tinyfit_model.h for the difference)");
        for (var e : mem.extras()) o.printf("                + %s: %,d bytes%n", e.what(), e.bytes());
        int code = 0;
        if (check) code = checkHost(o);
        if (report) armReport(res, o);
        if (core != null) {
            String producer = "TinyFit " + Version.get() + " (tinyfit export " + m.arg() + ")";
            Device estDev = device == null ? null : dev;
            if (runOnTarget) {
                TargetRun.Outcome r = TargetRun.attempt(res, x.compressed(), out, core, estDev, fastNonlinear, producer);
                o.print(r.text());
                if (r.failed()) code = 1;
            } else {
                o.printf("target        %s%n", TargetRun.writeProject(x.compressed(), out, core, fastNonlinear, producer));
            }
        }
        return code;
    }

    private static String predictions(CExport.Result res, int classes) {
        StringBuilder sb = new StringBuilder("[");
        for (int s = 0; s < res.testSamples(); s++) sb.append(s > 0 ? ", " : "").append(Inference.argmax(res.testLogits(), s, classes));
        return sb.append(']').toString();
    }

    /** The --data set of the test vector, or null: the service then takes the model's eval set (random inputs without one). */
    private Dataset testData(Models.Loaded m) {
        return data == null ? null : Models.data(m, data, "eval").set();
    }

    private int checkHost(PrintWriter o) throws IOException {
        if (!CToolchain.available("gcc")) {
            o.println("check         not run: gcc is not installed (apt-get install gcc)");
            return 0;
        }
        CToolchain.Run b = CToolchain.buildHost(out);
        if (!b.ok()) throw new UserError("gcc could not build the export:\n" + b.out());
        CToolchain.Run r = CToolchain.run(List.of(out.resolve("tinyfit_test").toAbsolutePath().toString()), out, 600);
        String[] lines = r.out().strip().split("\n");
        o.printf("check         gcc %s: %s%n", String.join(" ", CToolchain.HOST_FLAGS), lines.length >= 2 ? lines[lines.length - 2] : r.out());
        return r.ok() ? 0 : 1;
    }

    private void armReport(CExport.Result res, PrintWriter o) throws IOException {
        if (!CToolchain.available(CToolchain.ARM_GCC)) {
            o.println("report        not measured: arm-none-eabi-gcc is not installed "
                    + "(Debian/Ubuntu: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)");
            return;
        }
        CToolchain.ArmSizes s;
        try {
            s = CToolchain.armSizes(out);
        } catch (NoSuchFileException e) {
            throw new UserError(e.getMessage() + ": no such file");
        }
        String text = armReportText(res, s);
        AtomicWrite.writeString(out.resolve("size_report.txt"), text);
        o.print(text);
    }

    /** The Cortex-M4 section report (measured) beside TinyFit's estimates. */
    static String armReportText(CExport.Result res, CToolchain.ArmSizes s) {
        var est = res.estimate();
        StringBuilder sb = new StringBuilder();
        sb.append("Cortex-M4 build of tinyfit_model.c: ").append(CToolchain.ARM_GCC).append(' ')
                .append(String.join(" ", CToolchain.ARM_FLAGS)).append(" -c\n");
        sb.append(String.format("  %-8s %10s  %s%n", "section", "bytes", "what"));
        sb.append(String.format("  %-8s %,10d  measured: kernels and layer code (runtime; not in the flash estimate; libm's exp/tanh not linked)%n", ".text", s.text()));
        sb.append(String.format("  %-8s %,10d  measured: weights, scales, indices, biases, tensor descriptors%n", ".rodata", s.rodata()));
        sb.append(String.format("  %-8s %,10d  measured%n", ".data", s.data()));
        sb.append(String.format("  %-8s %,10d  measured: static buffers (input, state, arena, logits)%n", ".bss", s.bss()));
        sb.append(String.format("  flash: %,d bytes measured (.text + .rodata + .data) of which model data %,d (.rodata + .data); "
                + "%,d bytes estimated (model data only)%n", s.text() + s.rodata() + s.data(), s.rodata() + s.data(), est.flashBytes()));
        sb.append(String.format("  SRAM:  %,d bytes measured (.bss + .data); %,d bytes estimated; the C's buffers total %,d%n",
                s.bss() + s.data(), est.sramBytes(), res.memory().totalBytes()));
        return sb.toString();
    }
}
