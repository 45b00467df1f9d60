package org.tinyfit.model.device;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationTest {
    @TempDir Path tmp;

    private static Device dev() {
        // 100 MHz, e_int8 0.5, e_f32 0.1
        return new Device("board", "Board", "Cortex-M4F", 100, 64, 256, Fpu.SP, true, 0.5, 0.1, 20, "base notes.", false);
    }

    @Test
    void solveByHand() {
        // f32 MACs 1,000,000 dense + 10,000 sparse; 2,000 nonlinearities at c_nl 40; 5,000 element-wise at 1.
        // weighted f32 MACs = 1,000,000 + 2*10,000 = 1,020,000; non-MAC cycles 80,000 + 5,000 = 85,000.
        LatencyTerms t = new LatencyTerms(0, 0, 1_010_000, 10_000, 2_000, 5_000, 40, 1);
        // with e = 0.1: cycles 10,200,000 + 85,000 = 10,285,000 -> 0.10285 s at 100 MHz
        assertEquals(0.10285, t.seconds(dev()), 1e-15);
        // measured 0.05 s -> 5,000,000 cycles: e = 1,020,000 / (5,000,000 - 85,000) = 0.207527975...
        assertEquals(1_020_000.0 / 4_915_000.0, Calibration.solve(dev(), DataType.FLOAT32, t, 0.05), 1e-15);
    }

    @Test
    void otherTypeStaysAtItsE() {
        // int8 1,000 MACs (at 0.5: 2,000 cycles) and f32 1,000 MACs; no other work.
        LatencyTerms t = new LatencyTerms(1_000, 0, 1_000, 0, 0, 0, 10, 1);
        // measured 12,000 cycles = 120 us: f32 gets 10,000 cycles -> e_f32 = 0.1
        assertEquals(0.1, Calibration.solve(dev(), DataType.FLOAT32, t, 120e-6), 1e-12);
        // int8 with the f32 part fixed at 10,000 cycles: 2,000 cycles left -> e_int8 = 0.5
        assertEquals(0.5, Calibration.solve(dev(), DataType.INT8, t, 120e-6), 1e-12);
    }

    @Test
    void impossibleMeasurementsAreRejected() {
        LatencyTerms t = new LatencyTerms(0, 0, 1_000_000, 0, 2_000, 5_000, 40, 1);
        // non-MAC part 85,000 cycles = 0.85 ms at 100 MHz: 0.5 ms is impossible
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Calibration.solve(dev(), DataType.FLOAT32, t, 0.5e-3));
        assertTrue(e.getMessage().contains("measured 0.5 ms") && e.getMessage().contains("0.85 ms")
                && e.getMessage().contains("impossible"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Calibration.solve(dev(), DataType.FLOAT32, t, 0.85e-3));
        assertThrows(IllegalArgumentException.class, () -> Calibration.solve(dev(), DataType.FLOAT32, t, 0));
        assertThrows(IllegalArgumentException.class, () -> Calibration.solve(dev(), DataType.FLOAT32, t, Double.NaN));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Calibration.solve(dev(), DataType.INT8, t, 1));
        assertTrue(none.getMessage().contains("no int8 MACs"), none.getMessage());
    }

    @Test
    void calibrateSetsNotesAndFlag() {
        LatencyTerms t = new LatencyTerms(0, 0, 1_000_000, 0, 0, 0, 40, 1);
        // 1,000,000 MACs in 12.5 ms = 1,250,000 cycles -> e = 0.8
        Calibration.Result r = Calibration.calibrate(dev(), DataType.FLOAT32, t, 0.0125, LocalDate.of(2024, 5, 1));
        assertEquals(0.8, r.macPerCycle(), 1e-12);
        assertEquals(0.1, r.previous());
        Device d = r.device();
        assertTrue(d.calibrated());
        assertEquals(0.8, d.macPerCycleF32(), 1e-12);
        assertEquals(0.5, d.macPerCycleInt8());
        assertEquals("base notes. mac_per_cycle_f32 calibrated from a measured 12.5 ms on 2024-05-01 (was 0.1).", d.notes());
        // calibrating again replaces the sentence for that field
        Device d2 = Calibration.calibrate(d, DataType.FLOAT32, t, 0.025, LocalDate.of(2024, 6, 2)).device();
        assertEquals(0.4, d2.macPerCycleF32(), 1e-12);
        assertEquals("base notes. mac_per_cycle_f32 calibrated from a measured 25 ms on 2024-06-02 (was 0.8).", d2.notes());
    }

    @Test
    void persistCreatesFoldersMergesAndReloads() throws IOException {
        Path cfg = tmp.resolve("x/tinyfit");
        Device other = new Device("other", "Other", "Cortex-M0", 48, 32, 128, Fpu.NONE, false, 0.1, 0.01, 5, "", false);
        Path file = Calibration.persist(other, cfg);
        assertEquals(cfg.resolve("devices.json"), file);
        LatencyTerms t = new LatencyTerms(0, 0, 1_000_000, 0, 0, 0, 40, 1);
        Device uno = DeviceCatalog.builtIn().get("arduino-uno");
        Device cal = Calibration.calibrate(uno, DataType.FLOAT32, t, 100.0, LocalDate.of(2024, 5, 1)).device();
        Calibration.persist(cal, cfg);
        Calibration.persist(cal, cfg); // same id: replaced, not duplicated
        List<Device> saved = DeviceJson.read(file);
        assertEquals(List.of("other", "arduino-uno"), saved.stream().map(Device::id).toList());
        assertEquals(other, saved.get(0));
        String json = Files.readString(file);
        assertTrue(json.contains("\"calibrated\" : true"), json);
        DeviceCatalog c = DeviceCatalog.load(cfg, List.of());
        Device loaded = c.get("arduino-uno");
        assertEquals(cal, loaded);
        assertTrue(loaded.calibrated());
        // 1,000,000 MACs in 100 s at 16 MHz = 1.6e9 cycles -> e = 6.25e-4
        assertEquals(6.25e-4, loaded.macPerCycleF32(), 1e-15);
        assertTrue(loaded.notes().endsWith("mac_per_cycle_f32 calibrated from a measured 100000 ms on 2024-05-01 (was 0.004)."),
                loaded.notes());
        assertEquals(file.toString(), c.sourceOf("arduino-uno"));
        assertEquals(14, c.size());
    }

    @Test
    void persistRefusesToOverwriteAnInvalidFile() throws IOException {
        Path cfg = tmp.resolve("cfg");
        Files.createDirectories(cfg);
        Files.writeString(cfg.resolve("devices.json"), "[{\"id\": \"x\"}]");
        assertThrows(DeviceFileException.class, () -> Calibration.persist(dev(), cfg));
        assertEquals("[{\"id\": \"x\"}]", Files.readString(cfg.resolve("devices.json")));
    }

    @Test
    void dataTypeAndFpuParse() {
        assertEquals(DataType.INT8, DataType.parse("i8"));
        assertEquals(DataType.FLOAT32, DataType.parse("F32"));
        assertEquals(Fpu.DP, Fpu.parse("dp"));
        assertThrows(IllegalArgumentException.class, () -> Fpu.parse("x"));
        assertFalse(Fpu.NONE.hasFloat());
    }
}
