package org.tinyfit.model.device;

/**
 * The workload terms of docs/COST_MODEL.md's latency formula for one inference,
 * split by the e they run at:
 * <pre>
 * cycles = (int8Macs - int8SparseMacs)/e_int8 + int8SparseMacs/(e_int8/2)
 *        + (f32Macs - f32SparseMacs)/e_f32 + f32SparseMacs/(e_f32/2)
 *        + nonlinearities*c_nl + elementwise*c_el
 * latency_s = cycles / f_clock
 * </pre>
 * {@code CostReport.latencyTerms()} gives them for an estimate.
 *
 * @param int8Macs              MACs (dense + sparse) that run at mac_per_cycle_int8
 * @param int8SparseMacs        the sparse part of them (at e/2)
 * @param f32Macs               MACs (dense + sparse) that run at mac_per_cycle_f32
 * @param f32SparseMacs         the sparse part of them
 * @param nonlinearities        sigmoid/tanh evaluations
 * @param elementwise           other element-wise operations
 * @param cyclesPerNonlinearity c_nl
 * @param cyclesPerElementwise  c_el
 */
public record LatencyTerms(long int8Macs, long int8SparseMacs, long f32Macs, long f32SparseMacs,
                           long nonlinearities, long elementwise,
                           double cyclesPerNonlinearity, double cyclesPerElementwise) {

    public LatencyTerms {
        if (int8Macs < 0 || f32Macs < 0 || int8SparseMacs < 0 || f32SparseMacs < 0
                || int8SparseMacs > int8Macs || f32SparseMacs > f32Macs || nonlinearities < 0 || elementwise < 0
                || !(cyclesPerNonlinearity >= 0) || !(cyclesPerElementwise >= 0)) {
            throw new IllegalArgumentException("latency terms must be non-negative and sparse MACs at most all MACs");
        }
    }

    /** Dense MACs + 2 * sparse MACs of a type: the numerator that e divides. */
    public double weightedMacs(DataType type) {
        return type == DataType.INT8
                ? (int8Macs - int8SparseMacs) + 2.0 * int8SparseMacs
                : (f32Macs - f32SparseMacs) + 2.0 * f32SparseMacs;
    }

    /** nonlinearities*c_nl + elementwise*c_el. */
    public double nonMacCycles() {
        return nonlinearities * cyclesPerNonlinearity + elementwise * cyclesPerElementwise;
    }

    /** Cycles on a device (the formula above). */
    public double cycles(Device d) {
        return weightedMacs(DataType.INT8) / d.macPerCycleInt8() + weightedMacs(DataType.FLOAT32) / d.macPerCycleF32()
                + nonMacCycles();
    }

    /** latency_s = cycles / f_clock. */
    public double seconds(Device d) {
        return cycles(d) / d.clockHz();
    }
}
