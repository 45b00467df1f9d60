package org.tinyfit.model.cost;

import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.Footprint;
import org.tinyfit.model.plan.PlanException;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.model.device.DataType;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;

import java.util.List;

/**
 * The analytic cost model of docs/COST_MODEL.md: flash, peak SRAM, MACs,
 * operations, latency and energy of a network under a compression plan on a
 * device. It reads only shapes (never weights) and runs in microseconds.
 *
 * <h2>Per matrix (m x n, b bits)</h2>
 * Stored tensors: dense W; KP B, C; HKP A (r x n), B, C; DKP B, C, values of S;
 * LMF U (m x r), V (r x n); pruned the nnz values. nnz = round((1-s)*m*n) for
 * pruning, round(d*m*n) for DKP's S. Flash per tensor ceil(values*b/8) + 4 bytes
 * of scale when b &lt; 32; a tensor with no values (HKP r = 0, an S or pruned W
 * that rounds to nnz = 0) is not stored and has no scale. Sparse index: the
 * smaller of CSR (nnz column indices of 1 byte when n &lt;= 256, 2 when
 * n &lt;= 65536, 4 beyond; m+1 row pointers of 2 bytes when nnz &lt; 65536, else 4)
 * and a bitmap ceil(m*n/8); CSR on a tie; nothing when nnz = 0.
 * A GRU's compressed kernel counts 2T mat-vecs (the cell needs W applied to two inputs per
 * step and a compressed operator cannot be split into the column or row blocks a dense
 * kernel uses); a dense GRU kernel counts T.
 * MACs: dense m*n; KP min(n1*m2*(n2+m1), n2*m1*(n1+m2)) (order (CX)B^T with
 * intermediate m2*n1, or C(XB^T) with n2*m1; on equal MACs the smaller
 * intermediate, then (CX)B^T); HKP r*n + KP MACs of the (m-r) x n block; DKP KP
 * MACs + nnz(S); LMF r*(m+n); pruned nnz. Sparse MACs (pruned, DKP's S) run at
 * e/2. Rank bound: dense min(m,n); KP min(m1,n1)*min(m2,n2); HKP
 * min(r + that, min(m,n)); DKP the KP bound; LMF min(r, m, n); pruned none.
 *
 * <h2>Data type per matrix</h2>
 * A matrix runs at mac_per_cycle_int8 when its b &lt;= 8 and the plan's
 * activations are int8; otherwise (b = 16 or 32, or float32 activations with
 * weights dequantized on the fly) at mac_per_cycle_f32.
 *
 * <h2>Biases and scalars</h2>
 * 4 bytes each: {@code RnnLayer.extraParams()} (bias blocks, GRU
 * linear_before_reset's recurrent h bias, FastRNN/FastGRNN scalars) and the
 * dense layers' biases.
 *
 * <h2>Nonlinearities (sigmoid, tanh) per hidden unit and step</h2>
 * LSTM 5, GRU 3, FastRNN 1, FastGRNN 2 (docs/COST_MODEL.md), times H*T. The
 * sigmoids of the FastRNN/FastGRNN scalars are constants (folded at export)
 * and not counted. Dense layers: one per output for tanh or sigmoid
 * activations. No softmax (the class is the argmax of the logits).
 *
 * <h2>Element-wise operations per hidden unit and step (our definition)</h2>
 * <ul>
 * <li>LSTM 8: 4 bias adds; c = f*c + i*g (2 multiplies, 1 add); h = o*tanh(c) (1 multiply).</li>
 * <li>GRU 8: 3 bias adds; r*h (1); h = (1-z)*h~ + z*h (1 subtract, 2 multiplies, 1 add).</li>
 * <li>GRU with linear_before_reset 12: z and r each (W x) + (U h) + b (2 adds each);
 *     h~ pre-activation (W_h x) + b_h + r*((U_h h) + Rb_h) (3 adds, 1 multiply); update 4 as above.</li>
 * <li>FastRNN 4: 1 bias add; h = beta*h + alpha*h~ (2 multiplies, 1 add).</li>
 * <li>FastGRNN 8: 2 bias adds (z and h~ share W x + U h); h = z*h + (zeta*(1-z) + nu)*h~
 *     (1 subtract, 3 multiplies, 2 adds).</li>
 * <li>Dense layer: 1 bias add per output, plus 1 per output for relu.</li>
 * </ul>
 * Copies (building [x_t; h]) and int8 requantisation are not counted.
 * ops = 2*MACs + element-wise + nonlinearities.
 *
 * <h2>Peak SRAM</h2>
 * a = activation bytes (4 float32, 1 int8); accumulators 4 bytes.
 * Input tensor T*I*a, or I*a with streaming input (a network without RNN layers
 * always holds T*I*a: its first dense layer needs the whole input). Persistent
 * per RNN layer: H*a, plus H*4 for an LSTM's c. Scratch of an RNN layer:
 * (I+H)*a + G*H*4 + intermediate*4. Scratch of a dense layer: in*a + out*a +
 * intermediate*4 (its input and output buffers at the activation width, plus
 * the technique's intermediate as for RNN kernels). Logits classes*4. Peak =
 * input + all persistent state + the largest scratch of one layer + logits.
 * The intermediate is KP's chosen-order m2*n1 or n2*m1, HKP's KP block's, and
 * also DKP's KP part's (it evaluates B kron C the same way); LMF r; else 0.
 * As in docs/COST_MODEL.md, a GRU's extra buffers (U_h h kept apart with
 * linear_before_reset, or [x; r*h] without) are not counted, and the last dense
 * layer's output buffer and the logits are both counted.
 *
 * <h2>Latency and energy</h2>
 * latency_s = (sum over matrices of dense MACs/e + sparse MACs/(e/2)
 * + nonlinearities*c_nl + elementwise*c_el) / f_clock, with c_nl = 10 with int8
 * activations, else 40 with an FPU, else 200 (unless {@link CostOptions}
 * overrides it), c_el = 1. energy_J = latency_s * active_mw / 1000.
 */
public final class CostModel {
    private CostModel() { }

    /** Element-wise operations per hidden unit and time step (see the class comment). */
    public static int elementwisePerUnit(CellType cell, boolean linearBeforeReset) {
        return switch (cell) {
            case LSTM -> 8;
            case GRU -> linearBeforeReset ? 12 : 8;
            case FASTRNN -> 4;
            case FASTGRNN -> 8;
        };
    }

    /** c_nl for a device and activation type, unless overridden in {@code options}. */
    public static double nonlinearCycles(Device device, Activations activations, CostOptions options) {
        if (options != null && !Double.isNaN(options.nonlinearCycles())) return options.nonlinearCycles();
        if (activations == Activations.INT8) return CostOptions.NONLINEAR_CYCLES_INT8;
        return device.fpu().hasFloat() ? CostOptions.NONLINEAR_CYCLES_FPU : CostOptions.NONLINEAR_CYCLES_SOFT;
    }

    /** c_el, unless overridden in {@code options}. */
    public static double elementwiseCycles(CostOptions options) {
        if (options != null && !Double.isNaN(options.elementwiseCycles())) return options.elementwiseCycles();
        return CostOptions.DEFAULT_ELEMENTWISE_CYCLES;
    }

    /**
     * Estimates every cost of {@code net} compressed by {@code plan} on {@code device}.
     * Matrices the plan does not name are dense float32; plan entries that name no
     * matrix of the network are ignored (the plan parser validates names).
     *
     * @throws IllegalArgumentException when a technique's settings do not fit its matrix
     */
    public static CostReport estimate(Network net, CompressionPlan plan, Device device, CostOptions options) {
        if (options == null) options = CostOptions.DEFAULT;
        if (plan == null) plan = CompressionPlan.none();
        Activations act = plan.activations();
        boolean int8Act = act == Activations.INT8;
        long a = act.bytes();
        int steps = net.steps();
        double eInt8 = device.macPerCycleInt8();
        double eF32 = device.macPerCycleF32();
        double cNl = nonlinearCycles(device, act, options);
        double cEl = elementwiseCycles(options);

        List<Layer> layers = net.layers();
        int nLayers = layers.size();
        MatrixCost[] mats = new MatrixCost[nLayers];
        LayerCost[] lcs = new LayerCost[nLayers];
        long params = 0, flash = 0, macs = 0, sparse = 0, nl = 0, el = 0;
        long baseParams = 0, baseMacs = 0;
        long i8Macs = 0, i8Sparse = 0, f32Macs = 0, f32Sparse = 0;
        long persistent = 0, maxScratch = -1;
        String scratchLayer = null;
        boolean hasRnn = false;
        double macCycles = 0;

        for (int li = 0; li < nLayers; li++) {
            Layer layer = layers.get(li);
            String kname = layer.kernelName();
            MatrixPlan mp = plan.forMatrix(kname);
            long extras = layer.extraParams();
            int m, n, reps;
            long lnl, lel, lpers, scratch;
            MatrixCost mc;
            if (layer instanceof RnnLayer r) {
                hasRnn = true;
                int h = r.hidden();
                int g = r.cell().gates();
                m = g * h;
                n = r.inputSize() + h;
                // a GRU applies its kernel to two inputs per step ([x; 0] and [0; h] with
                // linear_before_reset, [x; h] and [x; r*h] without): a dense kernel touches each
                // weight once (column or row blocks), a compressed one runs whole twice
                reps = r.cell() == CellType.GRU && !(mp.technique() instanceof TechniqueSpec.Dense) ? 2 * steps : steps;
                mc = matrix(kname, m, n, mp, reps, int8Act);
                lnl = (long) r.cell().nonlinearitiesPerUnit() * h * steps;
                lel = (long) elementwisePerUnit(r.cell(), r.linearBeforeReset()) * h * steps;
                lpers = h * a + (r.cell() == CellType.LSTM ? 4L * h : 0);
                scratch = n * a + 4L * m + 4L * mc.intermediate();
            } else {
                DenseLayer d = (DenseLayer) layer;
                m = d.outputSize();
                n = d.inputSize();
                reps = 1;
                mc = matrix(kname, m, n, mp, reps, int8Act);
                Activation fn = d.activation();
                lnl = (fn == Activation.TANH || fn == Activation.SIGMOID) ? m : 0;
                lel = m + (fn == Activation.RELU ? m : 0);
                lpers = 0;
                scratch = n * a + m * a + 4L * mc.intermediate();
            }
            double e = mc.dataType() == DataType.INT8 ? eInt8 : eF32;
            long dm = mc.macs() - mc.sparseMacs();
            double lcycles = dm / e + mc.sparseMacs() / (e / 2) + lnl * cNl + lel * cEl;
            macCycles += dm / e + mc.sparseMacs() / (e / 2);
            if (mc.dataType() == DataType.INT8) {
                i8Macs += mc.macs();
                i8Sparse += mc.sparseMacs();
            } else {
                f32Macs += mc.macs();
                f32Sparse += mc.sparseMacs();
            }
            long lparams = mc.params() + extras;
            long lflash = mc.flashBytes() + 4 * extras;
            params += lparams;
            flash += lflash;
            macs += mc.macs();
            sparse += mc.sparseMacs();
            nl += lnl;
            el += lel;
            persistent += lpers;
            if (scratch > maxScratch) {
                maxScratch = scratch;
                scratchLayer = layer.name();
            }
            baseParams += (long) m * n + extras;
            baseMacs += (long) m * n * reps;
            mats[li] = mc;
            lcs[li] = new LayerCost(layer.name(), layer.typeId(), lparams, lflash, mc.macs(), mc.sparseMacs(),
                    lnl, lel, lpers, scratch, lcycles);
        }

        long input = (hasRnn && options.streamingInput()) ? net.features() * a : (long) steps * net.features() * a;
        long logits = 4L * net.classes();
        SramBreakdown sram = new SramBreakdown(input, persistent, maxScratch, scratchLayer, logits);
        long sramBytes = sram.total();
        double cycles = macCycles + nl * cNl + el * cEl;
        double latency = cycles / device.clockHz();
        double energy = latency * device.activeMw() / 1000.0;
        return new CostReport(device.id(), act, options.streamingInput(),
                params, flash, sramBytes, macs, sparse, nl, el, 2 * macs + el + nl,
                latency, energy, flash <= device.flashBytes(), sramBytes <= device.sramBytes(),
                baseParams, 4 * baseParams, baseMacs, sram,
                i8Macs, i8Sparse, f32Macs, f32Sparse,
                device.clockMhz(), cNl, cEl,
                List.of(mats),
                List.of(lcs));
    }

    /**
     * Cost of one m x n matrix under {@code plan}, applied {@code steps} times
     * per inference (see the class comment for every formula).
     *
     * @throws IllegalArgumentException when the technique's settings do not fit m x n
     */
    public static MatrixCost matrix(String name, int m, int n, MatrixPlan plan, int steps, boolean int8Activations) {
        if (m <= 0 || n <= 0) throw new IllegalArgumentException("matrix '" + name + "' must have a positive shape, got " + m + "x" + n);
        if (steps <= 0) throw new IllegalArgumentException("steps must be positive, got " + steps);
        if (plan == null) plan = MatrixPlan.dense();
        int b = plan.bits();
        TechniqueSpec t = plan.technique();
        String why = t.misfit(m, n);
        if (why != null) throw new PlanException("matrix '" + name + "' (" + m + "x" + n + "): " + t.text() + " does not fit: " + why);
        Footprint f = t.footprint(m, n);
        long flash = 0;
        for (long v : f.tensorValues()) flash += tensor(v, b);
        long indexBytes = 0;
        String index = null;
        if (f.sparse()) {
            long csr = csrBytes(m, n, f.nnz()), bitmap = bitmapBytes(m, n);
            index = csr <= bitmap ? "csr" : "bitmap";
            indexBytes = Math.min(csr, bitmap);
            flash += indexBytes;
        }
        DataType dt = (b <= 8 && int8Activations) ? DataType.INT8 : DataType.FLOAT32;
        return new MatrixCost(name, t.id(), m, n, b, f.params(), flash, index, indexBytes, f.nnz(),
                f.macs(), f.sparseMacs(), steps, f.macs() * steps, f.sparseMacs() * steps, f.rankBound(),
                f.intermediate(), f.kpOrder(), dt);
    }

    /** Bytes of one stored tensor: ceil(values*b/8), plus 4 bytes of scale when b &lt; 32; 0 for no values. */
    public static long tensor(long values, int bits) {
        if (values == 0) return 0;
        return (values * bits + 7) / 8 + (bits < 32 ? 4 : 0);
    }

    /** CSR index bytes: nnz column indices (1 byte n &lt;= 256, 2 n &lt;= 65536, else 4) + (m+1) row pointers (2 bytes nnz &lt; 65536, else 4). */
    public static long csrBytes(int m, int n, long nnz) {
        int col = n <= 256 ? 1 : n <= 65536 ? 2 : 4;
        int ptr = nnz < 65536 ? 2 : 4;
        return nnz * col + (long) (m + 1) * ptr;
    }

    /** Bitmap index bytes: ceil(m*n/8). */
    public static long bitmapBytes(int m, int n) {
        return ((long) m * n + 7) / 8;
    }
}
