package org.tinyfit.model.ontarget;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.device.DataType;
import org.tinyfit.model.device.Device;

/**
 * The result of running an exported model on an emulated Cortex-M ({@link TargetRun}): the
 * logits against TinyFit's Java inference, measured sizes beside the estimates, the emulated
 * instruction count beside the cost model's latency estimate, and the exact commands.
 *
 * @param core            the core and board
 * @param dir             the project folder
 * @param pass            the logits agree (int8 activations: bit for bit; float32: bit for bit, or
 *                        within 1e-4 relative with the reason for the difference in {@code why})
 * @param verdict         one line: PASS/FAIL and the numbers
 * @param why             why float32 logits differ in their last bits, or why the run failed; empty otherwise
 * @param int8            the plan has int8 activations
 * @param samples         test samples run
 * @param logits          logits compared
 * @param identical       of them bit-identical
 * @param maxAbs          largest |C - Java| over all logits
 * @param maxRel          largest |C - Java| / max(|Java|, 1e-3)
 * @param predictionsAgree samples whose argmax equals Java's
 * @param instructionsPerTick emulated instructions per SysTick tick (calibration loop), NaN when not measured
 * @param instructions    mean emulated instructions per inference (NaN when not measured)
 * @param stackBytes      peak stack of one tinyfit_predict call (painted), -1 when not measured
 * @param stackOverflow   the painted stack was used to its limit
 * @param model           sections of tinyfit_model.o (the model alone), null when not built
 * @param firmware        sections of the whole firmware (startup, test vector, libm), null when not built
 * @param estimate        the cost model's estimate for the plan on {@code device}
 * @param device          the catalog device whose MAC rates and clock the estimate uses
 * @param matrices        per-matrix emulated instructions (profiling build); empty when not profiled
 * @param commands        the exact commands, each as one shell line, run in {@code dir}
 * @param output          the firmware's output (the plain build)
 */
public record TargetReport(Core core, Path dir, boolean pass, String verdict, String why, boolean int8, int samples,
                           int logits, int identical, double maxAbs, double maxRel, int predictionsAgree,
                           double instructionsPerTick, double instructions, long stackBytes, boolean stackOverflow,
                           Sizes model, Sizes firmware, CostReport estimate, Device device, List<MatrixRun> matrices,
                           List<String> commands, String output) {

    /** Section sizes in bytes (arm-none-eabi-size -A, summed by prefix). */
    public record Sizes(long text, long rodata, long data, long bss) {
        public long flash() { return text + rodata + data; }
        public long ram() { return data + bss; }
    }

    /**
     * One weight matrix in the profiling build.
     *
     * @param name          LAYER.kernel
     * @param technique     dense, kp, hkp, dkp, lmf or prune
     * @param dataType      the MAC rate the cost model uses for it
     * @param macs          MACs per inference (cost model)
     * @param sparseMacs    the sparse part of them (run at e/2 in the cost model)
     * @param instructions  emulated instructions inside its kernel per inference (hook overhead subtracted)
     * @param estimatedCycles the cost model's cycles for its MACs: dense/e + sparse/(e/2)
     */
    public record MatrixRun(String name, String technique, DataType dataType, int bits, long macs, long sparseMacs,
                            double instructions, double estimatedCycles) {
        /** MACs per emulated instruction (the rate the cost model calls e). */
        public double macsPerInstruction() { return macs / instructions; }
    }

    /** The cost model's cycles per inference: latency * f_clock. */
    public double estimatedCycles() { return estimate.latencySeconds() * device.clockHz(); }

    /** Emulated instructions outside the weight matrices' kernels per inference (NaN when not profiled). */
    public double restInstructions() {
        if (matrices.isEmpty() || Double.isNaN(instructions)) return Double.NaN;
        double s = 0;
        for (MatrixRun m : matrices) s += m.instructions();
        return instructions - s;
    }

    /** The report as the command line prints it. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("On-target check: %s on QEMU %s (MPS2 %s, %s)%n", core.id(), core.machine(), core.board(), core.fpu()));
        sb.append("  result       ").append(verdict).append('\n');
        if (!why.isEmpty()) sb.append("               ").append(why.replace("\n", "\n               ")).append('\n');
        if (model != null) {
            sb.append("  sizes        tinyfit_model.o, measured (arm-none-eabi-size -A), beside TinyFit's estimates:\n");
            sb.append(String.format("    .text    %,9d  code of the kernels and layers (the flash estimate counts model data only)%n", model.text()));
            sb.append(String.format("    .rodata  %,9d  weights, scales, indices, biases; flash estimate %,d%n", model.rodata(), estimate.flashBytes()));
            sb.append(String.format("    .data    %,9d%n", model.data()));
            sb.append(String.format("    .bss     %,9d  static buffers; SRAM estimate %,d%n", model.bss(), estimate.sramBytes()));
            if (stackBytes >= 0) {
                sb.append(String.format("    stack    %,9d  peak of one tinyfit_predict call (painted stack; not in the SRAM estimate)%s%n", stackBytes,
                        stackOverflow ? " - reached the " + TargetProject.STACK_BYTES + "-byte limit, may be more" : ""));
                sb.append(String.format("    flash %,d measured (.text + .rodata + .data), SRAM %,d measured (.bss + .data + stack)%n",
                        model.flash(), model.ram() + stackBytes));
            }
            sb.append(String.format("    device %s: %,.0f bytes flash, %,.0f bytes SRAM: measured model %s in both%n", device.id(),
                    device.flashBytes(), device.sramBytes(),
                    model.flash() <= device.flashBytes() && model.ram() + Math.max(0, stackBytes) <= device.sramBytes() ? "fits" : "does NOT fit"));
        }
        if (firmware != null) {
            sb.append(String.format("  firmware     %s: %,d bytes flash (with startup, test vector, libm), %,d bytes RAM + %,d stack%n",
                    TargetProject.ELF, firmware.flash(), firmware.ram(), TargetProject.STACK_BYTES));
        }
        if (!Double.isNaN(instructions)) {
            sb.append(String.format("  instructions %,.0f per inference: emulated instruction count (QEMU -icount), not cycles;%n"
                    + "               mean of %d inferences, SysTick resolution %.0f instructions%n", instructions, samples, instructionsPerTick));
            sb.append(String.format("  estimate     %,.0f cycles per inference: cost model on %s (%.3f ms at %s MHz); emulated / estimate = %.2f%n",
                    estimatedCycles(), device.id(), estimate.latencyMs(), num(device.clockMhz()), instructions / estimatedCycles()));
        }
        if (!matrices.isEmpty()) {
            sb.append("  per matrix   (profiling build; instructions inside each kernel per inference)\n");
            sb.append(String.format("    %-16s %-7s %-8s %12s %14s %10s %14s%n", "matrix", "tech", "type", "MACs", "instructions", "MAC/instr",
                    "est. cycles"));
            for (MatrixRun m : matrices) {
                sb.append(String.format("    %-16s %-7s %-8s %,12d %,14.0f %10.3f %,14.0f%n", m.name(), m.technique(),
                        m.dataType().id() + (m.bits() < 32 ? "/" + m.bits() : ""), m.macs(), m.instructions(), m.macsPerInstruction(),
                        m.estimatedCycles()));
            }
            sb.append(String.format("    %-16s %-7s %-8s %12s %,14.0f %10s %,14.0f%n", "rest", "", "", "", restInstructions(), "",
                    estimate.nonMacCycles()));
            sb.append(String.format("    (rest: %,d sigmoid/tanh in double precision, %,d element-wise operations, copies, int8 quantization)%n",
                    estimate.nonlinearities(), estimate.elementwise()));
        }
        sb.append("  commands     (in ").append(dir).append(")\n");
        for (String c : commands) sb.append("    ").append(c).append('\n');
        return sb.toString();
    }

    static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
