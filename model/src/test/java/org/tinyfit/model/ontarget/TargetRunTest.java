package org.tinyfit.model.ontarget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.plan.PlanText;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.io.DatasetFile;
import org.tinyfit.model.io.TinyfitFile;
import org.tinyfit.model.io.cexport.CExport;
import org.tinyfit.model.net.Network;

/**
 * Runs digits-fastrnn's export on QEMU's MPS2 boards under the plans of issue 17 (dense
 * float32, KP int8, pruned, low-rank, hybrid and doped KP on the Cortex-M4; one plan on the
 * M3 without FPU and one on the M33) and checks every logit against TinyFit's Java
 * inference. Skipped, with the reason, when arm-none-eabi-gcc, newlib or qemu-system-arm is
 * missing (.ci/run installs them).
 */
class TargetRunTest {
    @TempDir static Path tmp;
    static Network base;
    static Dataset eval;
    static final List<TargetReport> REPORTS = new ArrayList<>();
    static final List<String> LABELS = new ArrayList<>();

    static final String KP_INT8 = "rnn.kernel=kp:4x5,8x8/int8;fc.kernel=dense/int8;activations=int8";

    @BeforeAll
    static void load() throws IOException {
        Path dir = sampleModels().resolve("digits-fastrnn");
        base = TinyfitFile.read(dir.resolve("digits-fastrnn.tinyfit"));
        eval = DatasetFile.read(dir.resolve("test.safetensors"));
    }

    static Path sampleModels() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("sample-models/digits-fastrnn"))) return p.resolve("sample-models");
        }
        throw new IllegalStateException("sample-models/digits-fastrnn not found above " + Path.of("").toAbsolutePath());
    }

    static void assumeTools() {
        List<String> m = TargetRun.missing();
        if (!m.isEmpty()) System.err.println("SKIPPED: the on-target tests " + TargetRun.installHint(m));
        Assumptions.assumeTrue(m.isEmpty(), () -> "on-target tests " + TargetRun.installHint(m));
    }

    static TargetReport run(String label, String plan, Core core, boolean profile) throws IOException {
        return run(label, plan, core, profile, false);
    }

    static TargetReport run(String label, String plan, Core core, boolean profile, boolean fast) throws IOException {
        Network net = plan.isEmpty() ? base : Compressor.apply(base, PlanText.parse(plan, base));
        int n = 4, per = net.steps() * net.features();
        float[] x = new float[n * per];
        for (int i = 0; i < n; i++) eval.copyInput(i, x, i * per);
        CExport.Result res = CExport.generate(net, x, n, TargetRun.defaultDevice(core), "TinyFit tests");
        String keep = System.getProperty("tinyfit.target.keep");
        Path dir = (keep != null ? Path.of(keep) : tmp).resolve(label);
        res.write(dir);
        TargetReport r = TargetRun.run(res, net, dir, core, TargetRun.defaultDevice(core), profile, fast, 120, "TinyFit tests");
        REPORTS.add(r);
        LABELS.add(label);
        return r;
    }

    static void assertPass(TargetReport r) {
        assertTrue(r.pass(), () -> r.text() + "\n" + r.output());
        assertEquals(4, r.samples());
        assertTrue(r.instructions() > 1000, r::text);
        assertTrue(r.stackBytes() > 0 && !r.stackOverflow(), r::text);
        assertTrue(r.model().rodata() > 0 && r.model().bss() > 0, r::text);
        if (r.int8()) assertEquals(r.logits(), r.identical(), "int8 activations must be bit-identical");
    }

    /** The six plans of the issue on the Cortex-M4 (FPU), profiled, and the calibration fitted from them. */
    @Test
    void sixPlansOnTheM4PassAndCalibrate() throws IOException {
        assumeTools();
        String[][] plans = {
            {"m4-dense-f32", ""},
            {"m4-kp-int8", KP_INT8},
            {"m4-prune-f32", "rnn.kernel=prune:0.8"},
            {"m4-lmf-f32", "rnn.kernel=lmf:4"},
            {"m4-hkp-f32", "rnn.kernel=hkp:2:6x5,5x8"},
            {"m4-dkp-f32", "rnn.kernel=dkp:4x5,8x8:0.03"},
        };
        List<TargetReport> m4 = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String[] p : plans) {
            TargetReport r = run(p[0], p[1], Core.CORTEX_M4, true);
            assertPass(r);
            assertEquals(2, r.matrices().size(), r::text);
            m4.add(r);
            labels.add(p[0]);
        }
        // dense float32 on a core with FPU: the C reproduces Java to the last bit
        assertEquals(m4.get(0).logits(), m4.get(0).identical(), m4.get(0)::text);
        // measured sizes: the model's constants are the flash estimate give or take the tensor descriptors
        // (the scales live there) and the FastRNN scalars folded at export; the static buffers are CMemory's layout
        for (TargetReport r : m4) {
            long est = r.estimate().flashBytes();
            assertTrue(Math.abs(r.model().rodata() - est) <= Math.max(64, est / 10), r::text);
        }
        CoreCalibration cal = CoreCalibration.fit(labels, m4);
        System.out.println(cal.text());
        assertEquals(6, cal.plans().size());
        // the fit reproduces each run: rates pooled per technique and one rest term
        for (CoreCalibration.Plan p : cal.plans()) {
            assertTrue(Math.abs(p.calibrated() - p.instructions()) < 0.1 * p.instructions(), cal::text);
        }
        for (CoreCalibration.Rate r : cal.rates()) assertTrue(r.macsPerInstruction() > 0.005 && r.macsPerInstruction() < 2, cal::text);
    }

    /** Software floating point on the Cortex-M3 (no FPU) still reproduces Java bit for bit. */
    @Test
    void denseFloat32OnM3WithoutFpu() throws IOException {
        assumeTools();
        TargetReport r = run("m3-dense-f32", "", Core.CORTEX_M3, false);
        assertPass(r);
        assertEquals(r.logits(), r.identical(), r::text);
    }

    /** KP with int8 weights and activations on the Cortex-M33 (secure state of the AN505). */
    @Test
    void kpInt8OnM33() throws IOException {
        assumeTools();
        assertPass(run("m33-kp-int8", KP_INT8, Core.CORTEX_M33, false));
    }

    /** KP float32 on the Cortex-M7 (double-precision FPU). */
    @Test
    void kpFloat32OnM7() throws IOException {
        assumeTools();
        assertPass(run("m7-kp-f32", "rnn.kernel=kp:4x5,8x8", Core.CORTEX_M7, false));
    }

    /**
     * Built with -DTINYFIT_FAST_NONLINEAR (expf/tanhf in single precision, as a deployment would): the
     * float32 logits pass within the tolerance with the difference explained, in far fewer instructions
     * than the bit-exact double-precision nonlinearities (about 1,036,000 for this plan).
     */
    @Test
    void fastNonlinearitiesOnM4() throws IOException {
        assumeTools();
        TargetReport r = run("m4-dense-f32-fast", "", Core.CORTEX_M4, false, true);
        assertPass(r);
        assertTrue(r.maxRel() <= TargetRun.FLOAT_TOLERANCE, r::text);
        if (r.identical() < r.logits()) assertTrue(r.why().contains("TINYFIT_FAST_NONLINEAR"), r::text);
        assertTrue(r.verdict().contains("built with -DTINYFIT_FAST_NONLINEAR"), r::text);
        assertTrue(r.instructions() < 500_000, r::text);
        assertTrue(r.commands().get(0).contains("-DTINYFIT_FAST_NONLINEAR"), r::text);
    }

    /** The parser reads what the firmware prints, and the commands are shell lines. */
    @Test
    void parsesTheFirmwareOutput() {
        TargetOutput o = TargetOutput.parse("""
                tinyfit-target core=cortex-m4 machine=mps2-an386 samples=2 classes=2
                calibration instructions=2000000 ticks=50000
                sample 0 pred 1 ticks 100 stack 152 logits 3f800000 40000000
                sample 1 pred 0 ticks 120 stack 160 overflow logits 40000000 bf800000
                profile-overhead pairs=1000 ticks=400
                matrix 0 calls 16 ticks 90
                done
                """);
        assertEquals(40.0, o.instructionsPerTick());
        assertEquals(2, o.samples().size());
        assertEquals(2.0f, o.samples().get(0).logits()[1]);
        assertTrue(o.samples().get(1).stackOverflow());
        assertEquals(-1.0f, o.samples().get(1).logits()[1]);
        assertEquals(16, o.matrices().get(0).calls());
        assertEquals(400, o.overheadTicks());
        assertTrue(o.done());
        assertEquals("qemu-system-arm -M mps2-an505 -nographic -monitor none -serial none -semihosting-config enable=on,target=native "
                + "-icount shift=0,align=off,sleep=off -kernel tinyfit_target.elf",
                TargetRun.shell(TargetProject.qemuCommand(Core.CORTEX_M33, TargetProject.ELF)));
        assertEquals("a 'b c' 'it'\\''s'", TargetRun.shell(List.of("a", "b c", "it's")));
        assertEquals(Core.CORTEX_M33, Core.parse("M33"));
    }

    @AfterAll
    static void table() {
        for (int i = 0; i < REPORTS.size(); i++) {
            TargetReport r = REPORTS.get(i);
            System.out.printf("target: %-14s %-7s %,12.0f instructions (estimate %,10.0f cycles on %s), .text %,6d .rodata %,6d .bss %,6d "
                    + "(estimates: flash %,d, SRAM %,d), stack %d: %s%n", LABELS.get(i), r.core().id(), r.instructions(), r.estimatedCycles(),
                    r.device().id(), r.model().text(), r.model().rodata(), r.model().bss(), r.estimate().flashBytes(), r.estimate().sramBytes(),
                    r.stackBytes(), r.verdict());
        }
    }
}
