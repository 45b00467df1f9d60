package org.tinyfit.model.cost;

import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.device.LatencyTerms;

import java.util.List;

/**
 * Result of {@link CostModel#estimate}: every number is an estimate from
 * docs/COST_MODEL.md's formulas. Bytes are exact integers; flash and SRAM fit tests
 * compare against {@code flash_kb*1024} and {@code sram_kb*1024}.
 *
 * @param deviceId              the device the latency and energy are for
 * @param activations           activation type of the plan
 * @param streamingInput        whether the input tensor was counted as one step
 * @param params                stored values of all kernels + biases + scalars
 * @param flashBytes            model flash
 * @param sramBytes             peak SRAM ({@code sram.total()})
 * @param macs                  all MACs of one inference (RNN kernels times T)
 * @param sparseMacs            the part of {@code macs} run through sparse indices (at e/2)
 * @param nonlinearities        sigmoid/tanh evaluations
 * @param elementwise           other element-wise operations ({@link CostModel} defines them)
 * @param ops                   2*macs + elementwise + nonlinearities
 * @param latencySeconds        (dense MACs/e + sparse MACs/(e/2) + nonlinearities*c_nl + elementwise*c_el) / f_clock
 * @param energyJoules          latencySeconds * active_mw / 1000
 * @param fitsFlash             flashBytes &lt;= flash_kb*1024
 * @param fitsSram              sramBytes &lt;= sram_kb*1024
 * @param baselineParams        params of the same network all dense
 * @param baselineFlashBytes    4 * baselineParams (all float32, no scales, no indices)
 * @param baselineMacs          MACs of the same network all dense
 * @param sram                  the SRAM items
 * @param int8Macs              MACs (dense and sparse) of matrices that run at mac_per_cycle_int8
 * @param int8SparseMacs        the sparse part of {@code int8Macs}
 * @param f32Macs               MACs (dense and sparse) of matrices that run at mac_per_cycle_f32
 * @param f32SparseMacs         the sparse part of {@code f32Macs}
 * @param clockMhz              f_clock used
 * @param cyclesPerNonlinearity c_nl used
 * @param cyclesPerElementwise  c_el used
 * @param matrices              one entry per weight matrix, in layer order
 * @param layers                one entry per layer, in order
 */
public record CostReport(String deviceId, Activations activations, boolean streamingInput,
                         long params, long flashBytes, long sramBytes,
                         long macs, long sparseMacs, long nonlinearities, long elementwise, long ops,
                         double latencySeconds, double energyJoules, boolean fitsFlash, boolean fitsSram,
                         long baselineParams, long baselineFlashBytes, long baselineMacs,
                         SramBreakdown sram,
                         long int8Macs, long int8SparseMacs, long f32Macs, long f32SparseMacs,
                         double clockMhz, double cyclesPerNonlinearity, double cyclesPerElementwise,
                         List<MatrixCost> matrices, List<LayerCost> layers) {

    /** Flash compression against the all-dense float32 baseline: baselineFlashBytes / flashBytes. */
    public double flashCompression() {
        return (double) baselineFlashBytes / flashBytes;
    }

    /** Parameter compression: baselineParams / params. */
    public double paramCompression() {
        return (double) baselineParams / params;
    }

    /** The latency formula's workload terms, for {@code Calibration}. */
    public LatencyTerms latencyTerms() {
        return new LatencyTerms(int8Macs, int8SparseMacs, f32Macs, f32SparseMacs, nonlinearities, elementwise,
                cyclesPerNonlinearity, cyclesPerElementwise);
    }

    /** Cycles of everything but the MACs: nonlinearities*c_nl + elementwise*c_el. */
    public double nonMacCycles() {
        return nonlinearities * cyclesPerNonlinearity + elementwise * cyclesPerElementwise;
    }

    public double latencyMs() {
        return latencySeconds * 1e3;
    }

    /** The cost of a matrix by name, or null. */
    public MatrixCost matrix(String name) {
        for (MatrixCost m : matrices) if (m.name().equals(name)) return m;
        return null;
    }

    /** The cost of a layer by name, or null. */
    public LayerCost layer(String name) {
        for (LayerCost l : layers) if (l.name().equals(name)) return l;
        return null;
    }
}
