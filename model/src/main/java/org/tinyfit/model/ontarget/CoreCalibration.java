package org.tinyfit.model.ontarget;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinyfit.model.device.DataType;

/**
 * Fits the cost model's MAC rates for one core from the emulated instruction counts of a few
 * plans (each a profiled {@link TargetReport}), and says how far the estimates were.
 *
 * <p>Per technique and data type k (dense float32, KP int8, ...), over every matrix of that
 * kind in every run: e_k = sum of MACs / sum of instructions inside the kernels (the
 * least-squares fit of instructions = MACs / e_k with variance proportional to the MACs).
 * Everything outside the kernels (sigmoid/tanh, element-wise operations, copies, int8
 * quantization of kernel inputs) is fitted as one number per nonlinearity:
 * c_rest = sum of rest instructions / sum of nonlinearities. A plan's calibrated count is then
 * sum over its matrices of MACs / e_k + nonlinearities * c_rest. The suggested device rates
 * pool all matrices of a data type with sparse MACs counted twice, as the cost model's e/2
 * rule does: e = (dense MACs + 2 sparse MACs) / instructions.
 *
 * <p>Instructions are QEMU's emulated instruction counts, not cycles: on a real core, loads,
 * multiplies, divisions, branches and flash wait states take more than one cycle, so the
 * rates are an upper bound on MACs per cycle and a calibration on the board stays better.
 */
public record CoreCalibration(Core core, List<Rate> rates, double restPerNonlinearity, List<Plan> plans,
                              double suggestedF32, double suggestedInt8) {

    /** The fitted rate of one technique and data type. */
    public record Rate(String technique, DataType type, int matrices, long macs, double instructions, double estimatedCycles) {
        /** e_k = MACs / instructions. */
        public double macsPerInstruction() { return macs / instructions; }
        /** How far the estimate was: estimated cycles / emulated instructions (1 = exact, below 1 = too optimistic). */
        public double estimateRatio() { return estimatedCycles / instructions; }
    }

    /** One run: emulated, estimated and calibrated instructions per inference. */
    public record Plan(String label, double instructions, double estimated, double calibrated) { }

    /**
     * Fits the rates from profiled reports of one core.
     *
     * @param labels a label per report (e.g. its plan)
     * @throws IllegalArgumentException when the reports are of different cores or none was profiled
     */
    public static CoreCalibration fit(List<String> labels, List<TargetReport> reports) {
        if (reports.isEmpty()) throw new IllegalArgumentException("no runs to calibrate from");
        Core core = reports.get(0).core();
        Map<String, long[]> macs = new LinkedHashMap<>();      // key -> {matrices, macs}
        Map<String, double[]> instr = new LinkedHashMap<>();   // key -> {instructions, estimated cycles}
        Map<String, Object[]> kinds = new LinkedHashMap<>();
        double rest = 0, f32w = 0, f32i = 0, i8w = 0, i8i = 0;
        long nl = 0;
        for (TargetReport r : reports) {
            if (r.core() != core) throw new IllegalArgumentException("runs of " + core.id() + " and " + r.core().id() + " cannot be fitted together");
            if (r.matrices().isEmpty() || !r.pass()) continue;
            for (TargetReport.MatrixRun m : r.matrices()) {
                String key = m.technique() + " " + m.dataType().id();
                kinds.putIfAbsent(key, new Object[] {m.technique(), m.dataType()});
                long[] a = macs.computeIfAbsent(key, k -> new long[2]);
                a[0]++;
                a[1] += m.macs();
                double[] b = instr.computeIfAbsent(key, k -> new double[2]);
                b[0] += m.instructions();
                b[1] += m.estimatedCycles();
                double w = m.macs() + m.sparseMacs();
                if (m.dataType() == DataType.INT8) {
                    i8w += w;
                    i8i += m.instructions();
                } else {
                    f32w += w;
                    f32i += m.instructions();
                }
            }
            rest += r.restInstructions();
            nl += r.estimate().nonlinearities();
        }
        if (macs.isEmpty()) throw new IllegalArgumentException("no passing profiled run to calibrate from");
        List<Rate> rates = new ArrayList<>();
        Map<String, Double> e = new LinkedHashMap<>();
        for (var k : macs.keySet()) {
            Object[] kind = kinds.get(k);
            Rate rt = new Rate((String) kind[0], (DataType) kind[1], (int) macs.get(k)[0], macs.get(k)[1], instr.get(k)[0], instr.get(k)[1]);
            rates.add(rt);
            e.put(k, rt.macsPerInstruction());
        }
        double cRest = nl > 0 ? rest / nl : 0;
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            TargetReport r = reports.get(i);
            if (r.matrices().isEmpty() || !r.pass()) continue;
            double cal = r.estimate().nonlinearities() * cRest;
            for (TargetReport.MatrixRun m : r.matrices()) cal += m.macs() / e.get(m.technique() + " " + m.dataType().id());
            plans.add(new Plan(i < labels.size() ? labels.get(i) : "run " + (i + 1), r.instructions(), r.estimatedCycles(), cal));
        }
        return new CoreCalibration(core, rates, cRest, plans, f32i > 0 ? f32w / f32i : Double.NaN, i8i > 0 ? i8w / i8i : Double.NaN);
    }

    /** The fit as the command line prints it. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Calibration for %s from %d runs on QEMU %s: emulated instruction counts (not cycles), "
                + "one instruction taken as one cycle%n", core.id(), plans.size(), core.machine()));
        sb.append(String.format("  %-7s %-8s %8s %12s %14s %10s %14s %10s%n", "tech", "type", "matrices", "MACs", "instructions",
                "MAC/instr", "est. cycles", "est/emul"));
        for (Rate r : rates) {
            sb.append(String.format("  %-7s %-8s %8d %,12d %,14.0f %10.3f %,14.0f %10.2f%n", r.technique(), r.type().id(), r.matrices(),
                    r.macs(), r.instructions(), r.macsPerInstruction(), r.estimatedCycles(), r.estimateRatio()));
        }
        sb.append(String.format("  rest: %,.0f instructions per sigmoid/tanh, with the element-wise operations, copies and int8 quantization "
                + "(the cost model: c_nl 40 with an FPU, 200 without, 10 with int8 activations, plus 1 per element-wise operation)%n",
                restPerNonlinearity));
        sb.append(String.format("  suggested rates for a %s device (sparse MACs counted twice, as the cost model does): "
                + "mac_per_cycle_f32 %s, mac_per_cycle_int8 %s%n", core.id(), rate(suggestedF32), rate(suggestedInt8)));
        sb.append(String.format("  %-40s %14s %14s %9s %14s %9s%n", "run", "emulated", "estimate", "est/emul", "calibrated", "error"));
        for (Plan p : plans) {
            sb.append(String.format("  %-40s %,14.0f %,14.0f %9.2f %,14.0f %+8.1f%%%n", p.label().length() > 40 ? p.label().substring(0, 37) + "..." : p.label(),
                    p.instructions(), p.estimated(), p.estimated() / p.instructions(), p.calibrated(),
                    100 * (p.calibrated() - p.instructions()) / p.instructions()));
        }
        return sb.toString();
    }

    private static String rate(double v) {
        return Double.isNaN(v) ? "(no such matrices)" : String.format("%.3f", v);
    }
}
