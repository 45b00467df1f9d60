package org.tinyfit.model.ontarget;

import org.tinyfit.model.io.AtomicWrite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.cost.CostModel;
import org.tinyfit.model.cost.CostOptions;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.cost.MatrixCost;
import org.tinyfit.model.device.DataType;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.io.cexport.CExport;
import org.tinyfit.model.io.cexport.CToolchain;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;

/**
 * Runs an exported model on an emulated Cortex-M: writes the {@link TargetProject} beside the
 * export, builds it with arm-none-eabi-gcc and newlib, runs it in qemu-system-arm with
 * semihosting and the instruction counter (every process with a timeout, its output to a
 * file), and compares the logits with TinyFit's Java inference ({@link TargetReport}).
 */
public final class TargetRun {
    /** The Debian/Ubuntu packages the run needs. */
    public static final List<String> PACKAGES = List.of("gcc-arm-none-eabi", "libnewlib-arm-none-eabi", "qemu-system-arm");
    /** Seconds a QEMU run may take by default. */
    public static final long DEFAULT_TIMEOUT_SECONDS = 300;
    /** Float32 logits that are not bit-identical must still agree within this relative difference. */
    public static final double FLOAT_TOLERANCE = 1e-4;
    /** Output of the firmware runs, in the project folder. */
    public static final String RUN_LOG = "target_run.txt";
    public static final String PROFILE_LOG = "target_profile.txt";
    public static final String REPORT = "target_report.txt";

    private TargetRun() { }

    /**
     * What the command line and the window show for a run: the report, or why there is none.
     *
     * @param report  the report, or null when the run could not happen
     * @param message why there is no report (tools missing, build failed); empty with a report
     * @param error   the run was attempted and failed before a report (a build error)
     */
    public record Outcome(TargetReport report, String message, boolean error) {
        /** The run gave no PASS: a FAIL report or a build error (missing tools are not a failure). */
        public boolean failed() { return report != null ? !report.pass() : error; }

        public String text() { return report != null ? report.text() : message + "\n"; }
    }

    /**
     * Writes the project beside the export in {@code dir} and, when the tools are installed,
     * builds, runs and compares (with the profiling build); without them, says what to install.
     *
     * @param device the device of the estimate, or null for the core's default
     */
    public static Outcome attempt(CExport.Result res, Network net, Path dir, Core core, Device device, String producer) {
        return attempt(res, net, dir, core, device, false, producer);
    }

    /** As {@link #attempt(CExport.Result, Network, Path, Core, Device, String)}, optionally with fast nonlinearities. */
    public static Outcome attempt(CExport.Result res, Network net, Path dir, Core core, Device device, boolean fastNonlinear, String producer) {
        Device dev = device != null ? device : defaultDevice(core);
        List<String> missing = missing();
        try {
            if (!missing.isEmpty()) {
                writeProject(net, dir, core, fastNonlinear, producer);
                return new Outcome(null, "on-target check not run: it " + installHint(missing)
                        + ". The project for " + core.id() + " (Makefile, startup.c, target.ld, target_main.c) is in " + dir
                        + "; 'make run' there builds and runs it.", false);
            }
            return new Outcome(run(res, net, dir, core, dev, true, fastNonlinear, DEFAULT_TIMEOUT_SECONDS, producer), "", false);
        } catch (IOException e) {
            return new Outcome(null, "on-target check FAILED: " + e.getMessage(), true);
        }
    }

    /** Writes the project for {@code core} into {@code dir} (beside the export) without running it; returns a sentence. */
    public static String writeProject(Network net, Path dir, Core core, boolean fastNonlinear, String producer) throws IOException {
        TargetProject.write(dir, TargetProject.files(core, kernelNames(net), producer, fastNonlinear));
        return "wrote the " + core.id() + " project for QEMU " + core.machine() + " (Makefile, startup.c, target.ld, target_main.c); "
                + "'make run' builds and runs it, --run also compares with TinyFit";
    }

    private static List<String> kernelNames(Network net) {
        List<String> names = new ArrayList<>();
        for (Layer l : net.layers()) names.add(l.kernelName());
        return names;
    }

    /** What is missing to build and run (empty when all is there). */
    public static List<String> missing() {
        List<String> m = new ArrayList<>();
        if (!CToolchain.available(TargetProject.GCC)) {
            m.add(TargetProject.GCC);
        } else if (!newlib()) {
            m.add("newlib (libc_nano.a for " + TargetProject.GCC + ")");
        }
        if (!CToolchain.available(TargetProject.QEMU)) m.add(TargetProject.QEMU);
        return m;
    }

    private static boolean newlib() {
        try {
            CToolchain.Run r = CToolchain.run(List.of(TargetProject.GCC, "-mcpu=cortex-m4", "-mthumb", "-print-file-name=libc_nano.a"), null, 30);
            Path p = Path.of(r.out().strip());
            return r.ok() && p.isAbsolute() && Files.isRegularFile(p);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The sentence the CLI and the window show when something is missing. */
    public static String installHint(List<String> missing) {
        return "needs " + String.join(", ", missing) + " (Debian/Ubuntu: sudo apt-get install " + String.join(" ", PACKAGES)
                + "; elsewhere Arm's GNU toolchain for arm-none-eabi with newlib, and QEMU's qemu-system-arm)";
    }

    /** The device whose MAC rates and clock the estimate uses when the user names none. */
    public static Device defaultDevice(Core core) {
        Device d = DeviceCatalog.builtIn().get(core.estimateDevice());
        if (d == null) throw new IllegalStateException("no device " + core.estimateDevice() + " in the built-in catalog");
        return d;
    }

    /**
     * Writes the project into {@code dir} (which holds the export of {@code res}), builds,
     * runs and compares.
     *
     * @param net      the compressed network that {@code res} was generated from
     * @param device   the device of the estimate (its MAC rates and clock)
     * @param profile  also build and run the profiling firmware (instructions per matrix)
     * @param producer a line naming the tool, for the file headers
     * @throws IOException when a build fails (the message holds the compiler's output)
     */
    public static TargetReport run(CExport.Result res, Network net, Path dir, Core core, Device device, boolean profile,
                                   long timeoutSeconds, String producer) throws IOException {
        return run(res, net, dir, core, device, profile, false, timeoutSeconds, producer);
    }

    /**
     * As {@link #run(CExport.Result, Network, Path, Core, Device, boolean, long, String)}; with
     * {@code fastNonlinear} the model is compiled with {@code -DTINYFIT_FAST_NONLINEAR} (expf/tanhf
     * in single precision, as an MCU deployment would): float32 logits then PASS within the
     * tolerance, and the report says why they differ.
     */
    public static TargetReport run(CExport.Result res, Network net, Path dir, Core core, Device device, boolean profile,
                                   boolean fastNonlinear, long timeoutSeconds, String producer) throws IOException {
        TargetProject.write(dir, TargetProject.files(core, kernelNames(net), producer, fastNonlinear));
        CostReport est = CostModel.estimate(net, res.plan(), device, CostOptions.DEFAULT);
        List<String> shown = new ArrayList<>();
        for (List<String> c : TargetProject.buildCommands(core, profile, fastNonlinear)) {
            shown.add(shell(c));
            CToolchain.Run r = CToolchain.run(c, dir, 600);
            if (!r.ok()) throw new IOException(c.get(0) + " failed (" + shell(c) + "):\n" + r.out().strip());
        }
        TargetReport.Sizes model = sizes(dir, TargetProject.MODEL_OBJECT, shown);
        TargetReport.Sizes firmware = sizes(dir, TargetProject.ELF, shown);
        List<String> q = TargetProject.qemuCommand(core, TargetProject.ELF);
        shown.add(shell(q));
        CToolchain.Run run = CToolchain.run(q, dir, timeoutSeconds);
        AtomicWrite.writeString(dir.resolve(RUN_LOG), run.out());
        TargetOutput out = TargetOutput.parse(run.out());
        List<TargetReport.MatrixRun> mats = List.of();
        if (profile) {
            List<String> qp = TargetProject.qemuCommand(core, TargetProject.PROFILE_ELF);
            shown.add(shell(qp));
            CToolchain.Run pr = CToolchain.run(qp, dir, timeoutSeconds);
            AtomicWrite.writeString(dir.resolve(PROFILE_LOG), pr.out());
            TargetOutput po = TargetOutput.parse(pr.out());
            if (pr.ok() && po.done()) mats = matrices(po, net, est, device);
        }
        TargetReport rep = compare(res, out, run, core, dir, est, device, model, firmware, mats, shown, timeoutSeconds, fastNonlinear);
        AtomicWrite.writeString(dir.resolve(REPORT), rep.text());
        return rep;
    }

    private static TargetReport.Sizes sizes(Path dir, String file, List<String> shown) throws IOException {
        List<String> c = TargetProject.sizeCommand(file);
        shown.add(shell(c));
        CToolchain.Run r = CToolchain.run(c, dir, 60);
        if (!r.ok()) throw new IOException(shell(c) + " failed:\n" + r.out().strip());
        return parseSizeA(r.out());
    }

    /** Parses {@code size -A}: .text*, .rodata*, .data*, .bss* (and COMMON) summed by prefix; other sections ignored. */
    static TargetReport.Sizes parseSizeA(String out) {
        long text = 0, ro = 0, data = 0, bss = 0;
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2) continue;
            long v;
            try {
                v = Long.parseLong(f[1]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (f[0].startsWith(".text")) text += v;
            else if (f[0].startsWith(".rodata")) ro += v;
            else if (f[0].startsWith(".data")) data += v;
            else if (f[0].startsWith(".bss") || f[0].equals("COMMON")) bss += v;
        }
        return new TargetReport.Sizes(text, ro, data, bss);
    }

    private static List<TargetReport.MatrixRun> matrices(TargetOutput po, Network net, CostReport est, Device device) {
        double ipt = po.instructionsPerTick();
        int n = po.samples().size();
        if (n == 0 || Double.isNaN(ipt)) return List.of();
        double pair = (double) po.overheadTicks() / TargetProject.PROFILE_OVERHEAD_PAIRS;
        List<TargetReport.MatrixRun> l = new ArrayList<>();
        List<Layer> layers = net.layers();
        for (var e : po.matrices().entrySet()) {
            if (e.getKey() < 0 || e.getKey() >= layers.size()) continue;
            MatrixCost mc = est.matrix(layers.get(e.getKey()).kernelName());
            if (mc == null) continue;
            double instr = Math.max(0, e.getValue().ticks() - e.getValue().calls() * pair) * ipt / n;
            double rate = device.macPerCycle(mc.dataType());
            double cycles = mc.denseMacs() / rate + mc.sparseMacs() / (rate / 2);
            l.add(new TargetReport.MatrixRun(mc.name(), mc.techniqueId(), mc.dataType(), mc.bits(), mc.macs(), mc.sparseMacs(), instr, cycles));
        }
        return l;
    }

    private static TargetReport compare(CExport.Result res, TargetOutput out, CToolchain.Run run, Core core, Path dir,
                                        CostReport est, Device device, TargetReport.Sizes model, TargetReport.Sizes firmware,
                                        List<TargetReport.MatrixRun> mats, List<String> shown, long timeoutSeconds,
                                        boolean fastNonlinear) {
        boolean int8 = res.plan().activations() == Activations.INT8;
        int classes = res.testLogits().length / res.testSamples();
        int n = out.samples().size();
        int same = 0, total = 0, agree = 0;
        double maxAbs = 0, maxRel = 0;
        String worst = "";
        long stack = -1, ticks = 0;
        boolean overflow = false, shape = true;
        for (int s = 0; s < n; s++) {
            TargetOutput.Sample smp = out.samples().get(s);
            if (smp.logits().length != classes) {
                shape = false;
                continue;
            }
            int javaPred = 0;
            for (int k = 0; k < classes; k++) {
                float c = smp.logits()[k], j = res.testLogits()[s * classes + k];
                if (j > res.testLogits()[s * classes + javaPred]) javaPred = k;
                total++;
                if (Float.floatToRawIntBits(c) == Float.floatToRawIntBits(j)) same++;
                double abs = Math.abs((double) c - j), rel = abs / Math.max(Math.abs(j), 1e-3);
                if (Double.isNaN(abs)) rel = abs = Double.POSITIVE_INFINITY;
                if (abs > maxAbs) {
                    maxAbs = abs;
                    worst = String.format(Locale.ROOT, " (sample %d, logit %d: %s on the target, %s in Java)", s, k, c, j);
                }
                maxRel = Math.max(maxRel, rel);
            }
            if (smp.pred() == javaPred) agree++;
            stack = Math.max(stack, smp.stackBytes());
            overflow |= smp.stackOverflow();
            ticks += smp.ticks();
        }
        double ipt = out.instructionsPerTick();
        double instr = n > 0 ? ticks * ipt / n : Double.NaN;
        boolean complete = run.ok() && out.done() && n == res.testSamples() && shape;
        boolean identical = complete && same == total;
        boolean pass = complete && agree == n && (identical || !int8 && maxRel <= FLOAT_TOLERANCE);
        String kind = (int8 ? "int8 activations: must be bit-identical" : "float32 activations")
                + (fastNonlinear ? "; built with -DTINYFIT_FAST_NONLINEAR" : "");
        String verdict, why = "";
        if (!complete) {
            String reason = run.code() == -1 ? "QEMU did not finish within " + timeoutSeconds + " s"
                    : out.fault() ? "the firmware took a fault exception"
                    : !out.done() ? "the firmware stopped before the end (exit code " + run.code() + ")"
                    : "the firmware printed " + n + " of " + res.testSamples() + " samples";
            verdict = "FAIL: " + reason + "; output in " + RUN_LOG;
            why = lastLines(run.out(), 6);
        } else {
            verdict = String.format(Locale.ROOT, "%s: %d of %d logits bit-identical to TinyFit's Java inference (%s); %d of %d predictions agree",
                    pass ? "PASS" : "FAIL", same, total, kind, agree, n);
            if (!identical) {
                why = String.format(Locale.ROOT, "largest difference %.3g (relative %.3g)%s; ", maxAbs, maxRel, worst)
                        + (int8 ? "int8 kernels are integer arithmetic and must match exactly: this is a bug in the export"
                        : fastNonlinear
                        ? "why: built with -DTINYFIT_FAST_NONLINEAR, sigmoid and tanh run through newlib's single-precision expf/tanhf, "
                        + "which differ from TinyFit's double-precision sigmoid/tanh rounded to float in the last bits"
                        : "why: sigmoid and tanh run in double precision through newlib's libm (exp, tanh), whose last bits can "
                        + "differ from Java's Math.exp/Math.tanh; after rounding to float that rarely shows"
                        + (core.hasFpu() ? " (double arithmetic is software on this core's FPU, IEEE-exact)" : " (software floating point, IEEE-exact)")
                        + (pass ? "; within the tolerance " + FLOAT_TOLERANCE : "; beyond the tolerance " + FLOAT_TOLERANCE));
            }
        }
        return new TargetReport(core, dir, pass, verdict, why, int8, n, total, same, maxAbs, maxRel, agree, ipt, instr, stack, overflow,
                model, firmware, est, device, mats, shown, run.out());
    }

    private static String lastLines(String s, int k) {
        String[] l = s.strip().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(l, Math.max(0, l.length - k), l.length));
    }

    /** A command as one shell line (arguments with shell metacharacters single-quoted). */
    public static String shell(List<String> cmd) {
        StringBuilder sb = new StringBuilder();
        for (String a : cmd) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(a.matches("[A-Za-z0-9_./=,:+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    /** The data type label of a matrix in the fit (technique and data type). */
    static String key(String technique, DataType type) {
        return technique + " " + type.id();
    }
}
