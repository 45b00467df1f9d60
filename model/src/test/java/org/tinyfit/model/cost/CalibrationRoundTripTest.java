package org.tinyfit.model.cost;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.model.device.Calibration;
import org.tinyfit.model.device.DataType;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.Network;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Estimate with e, calibrate from that latency, get e back; calibrate, persist, reload, re-estimate. */
class CalibrationRoundTripTest {
    @TempDir Path tmp;

    private static final Network MNIST = Nets.rnnNet(CellType.LSTM, false, 28, 28, 128, 10);

    private static CompressionPlan mixed() {
        // LSTM kernel KP at 8 bits (int8 with int8 activations), classifier at 16 bits (float32 MACs)
        return new CompressionPlan(Map.of(
                "rnn.kernel", new MatrixPlan(new TechniqueSpec.Dkp(16, 12, 32, 13, 0.01), 8),
                "fc.kernel", new MatrixPlan(new TechniqueSpec.Dense(), 16)), Activations.INT8);
    }

    @Test
    void estimateThenCalibrateGivesEBack() {
        Device d = DeviceCatalog.builtIn().get("nucleo-l4r5zi");
        CostReport r = CostModel.estimate(MNIST, mixed(), d, CostOptions.DEFAULT);
        assertTrue(r.int8Macs() > 0 && r.f32Macs() > 0 && r.int8SparseMacs() > 0);
        assertEquals(r.latencySeconds(), r.latencyTerms().seconds(d), r.latencySeconds() * 1e-12);
        assertEquals(d.macPerCycleInt8(), Calibration.solve(d, DataType.INT8, r.latencyTerms(), r.latencySeconds()), 1e-12);
        assertEquals(d.macPerCycleF32(), Calibration.solve(d, DataType.FLOAT32, r.latencyTerms(), r.latencySeconds()), 1e-12);
        CostReport base = CostModel.estimate(MNIST, CompressionPlan.none(), d, CostOptions.DEFAULT);
        assertEquals(0.1, Calibration.solve(d, DataType.FLOAT32, base.latencyTerms(), base.latencySeconds()), 1e-12);
        // an int8 calibration needs int8 MACs
        assertThrows(IllegalArgumentException.class,
                () -> Calibration.solve(d, DataType.INT8, base.latencyTerms(), base.latencySeconds()));
    }

    @Test
    void calibratedDevicePredictsTheMeasurementAndPersists() throws IOException {
        Device d = DeviceCatalog.builtIn().get("nucleo-l4r5zi");
        CostReport r = CostModel.estimate(MNIST, mixed(), d, CostOptions.DEFAULT);
        double measured = 2 * r.latencySeconds();
        Calibration.Result cal = Calibration.calibrate(d, DataType.INT8, r.latencyTerms(), measured, LocalDate.of(2024, 5, 1));
        assertTrue(cal.macPerCycle() < d.macPerCycleInt8());
        Path cfg = tmp.resolve("config/tinyfit");
        Calibration.persist(cal.device(), cfg);
        Device loaded = DeviceCatalog.load(cfg, List.of()).get("nucleo-l4r5zi");
        assertTrue(loaded.calibrated());
        assertEquals(d.macPerCycleF32(), loaded.macPerCycleF32());
        CostReport again = CostModel.estimate(MNIST, mixed(), loaded, CostOptions.DEFAULT);
        assertEquals(measured, again.latencySeconds(), measured * 1e-12);
        assertTrue(loaded.notes().contains("mac_per_cycle_int8 calibrated from a measured "), loaded.notes());
        assertTrue(loaded.notes().contains(" on 2024-05-01 (was 0.4)."), loaded.notes());
    }

    @Test
    void measurementShorterThanTheNonMacPartIsRejected() {
        Device d = DeviceCatalog.builtIn().get("nucleo-l4r5zi");
        CostReport r = CostModel.estimate(MNIST, mixed(), d, CostOptions.DEFAULT);
        double nonInt8 = (r.nonMacCycles() + r.latencyTerms().weightedMacs(DataType.FLOAT32) / d.macPerCycleF32()) / d.clockHz();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Calibration.solve(d, DataType.INT8, r.latencyTerms(), nonInt8 * 0.99));
        assertTrue(e.getMessage().contains("impossible"), e.getMessage());
    }
}
