package org.tinyfit.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.ontarget.TargetRun;

/**
 * {@code tinyfit export ... --target CORE [--run]} and {@code tinyfit calibrate} on the shipped
 * digits-fastrnn. The runs need arm-none-eabi-gcc, newlib and qemu-system-arm (.ci/run installs
 * them); without them --run must say what to install and the export still succeed.
 */
class TargetCliTest {
    @TempDir Path out;
    static String oldHome;

    @BeforeAll
    static void home() {
        Path h = CliHarness.repoHome();
        Assumptions.assumeTrue(h != null, "no sample-models in this checkout");
        oldHome = CliHarness.setHome(h);
    }

    @AfterAll
    static void restore() { CliHarness.restoreHome(oldHome); }

    @Test
    void targetWritesTheProjectBesideTheExport() throws Exception {
        Path dir = out.resolve("m33");
        CliHarness.Run r = CliHarness.run("export", "digits-fastrnn", "--format", "c", "--out", dir.toString(), "--target", "cortex-m33", "--samples", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote the cortex-m33 project for QEMU mps2-an505"), r.out());
        for (String f : new String[] {"Makefile", "startup.c", "target.ld", "target_main.c", "tinyfit_model.c", "test_vector.h"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertTrue(Files.readString(dir.resolve("Makefile")).contains("-mcpu=cortex-m33"));
        assertTrue(Files.readString(dir.resolve("target.ld")).contains("ORIGIN = 0x10000000"));
    }

    @Test
    void runPrintsTheReportOrWhatToInstall() throws Exception {
        Path dir = out.resolve("m4");
        CliHarness.Run r = CliHarness.run("export", "digits-fastrnn", "--plan", "rnn.kernel=prune:0.8/int8;fc.kernel=dense/int8;activations=int8",
                "--format", "c", "--out", dir.toString(), "--target", "cortex-m4", "--run", "--samples", "2");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(Files.isRegularFile(dir.resolve("tinyfit_model.c")));
        if (TargetRun.missing().isEmpty()) {
            assertTrue(r.out().contains("PASS: 20 of 20 logits bit-identical"), r.out());
            assertTrue(r.out().contains("emulated instruction count"), r.out());
            assertTrue(r.out().contains("qemu-system-arm -M mps2-an386"), r.out());
            assertTrue(Files.readString(dir.resolve("target_report.txt")).contains("PASS"));
        } else {
            assertTrue(r.out().contains("on-target check not run") && r.out().contains("apt-get install"), r.out());
        }
    }

    @Test
    void calibrateFitsRatesPerTechnique() {
        Assumptions.assumeTrue(TargetRun.missing().isEmpty(), () -> "calibrate " + TargetRun.installHint(TargetRun.missing()));
        CliHarness.Run r = CliHarness.run("calibrate", "digits-fastrnn", "--target", "m4", "--plan", "", "--plan", "rnn.kernel=lmf:4",
                "--samples", "2", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Calibration for cortex-m4 from 2 runs"), r.out());
        assertTrue(r.out().contains("lmf     float32"), r.out());
        assertTrue(r.out().contains("suggested rates"), r.out());
    }

    @Test
    void badTargetsAndFormatsAreRefused() {
        CliHarness.Run r = CliHarness.run("export", "digits-fastrnn", "--format", "c", "--out", out.toString(), "--target", "cortex-m0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown target 'cortex-m0'"), r.err());
        r = CliHarness.run("export", "digits-fastrnn", "--format", "csv", "--out", out.resolve("x.csv").toString(), "--run");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--run and --fast-nonlinear apply to --format c only"), r.err());
    }
}
