package org.tinyfit.model.device;

import java.util.Objects;

/**
 * A target device (docs/COST_MODEL.md "Devices"). JSON field names are given in
 * brackets; {@link DeviceJson} reads and writes them.
 *
 * @param id               [id] short unique key, letters, digits, '.', '_' or '-'
 * @param name             [name] display name
 * @param core             [core] CPU core description
 * @param clockMhz         [clock_mhz] f_clock in MHz, &gt; 0
 * @param sramKb           [sram_kb] SRAM in KiB (1024 bytes), &gt; 0
 * @param flashKb          [flash_kb] flash in KiB, &gt; 0
 * @param fpu              [fpu] none | sp | dp
 * @param dspSimd          [dsp_simd] packed-SIMD / DSP instructions available
 * @param macPerCycleInt8  [mac_per_cycle_int8] effective int8 MACs per cycle e, &gt; 0
 * @param macPerCycleF32   [mac_per_cycle_f32] effective float32 MACs per cycle e, &gt; 0
 * @param activeMw         [active_mw] active power in mW while running inference, &gt; 0
 * @param notes            [notes] sources, and which numbers are estimates
 * @param calibrated       [calibrated] (optional, default false) a MAC/cycle value was
 *                         calibrated from a measurement on the board
 */
public record Device(String id, String name, String core, double clockMhz, double sramKb, double flashKb,
                     Fpu fpu, boolean dspSimd, double macPerCycleInt8, double macPerCycleF32,
                     double activeMw, String notes, boolean calibrated) {

    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(fpu, "fpu");
        if (notes == null) notes = "";
        String what = "device '" + id + "': ";
        if (!validId(id)) throw new IllegalArgumentException(what + "id must be 1-64 letters, digits, '.', '_' or '-'");
        positive(clockMhz, what + "clock_mhz");
        positive(sramKb, what + "sram_kb");
        positive(flashKb, what + "flash_kb");
        positive(macPerCycleInt8, what + "mac_per_cycle_int8");
        positive(macPerCycleF32, what + "mac_per_cycle_f32");
        positive(activeMw, what + "active_mw");
    }

    private static void positive(double v, String what) {
        if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(what + " must be > 0 and finite, got " + v);
    }

    /** Ids: 1 to 64 characters from [A-Za-z0-9._-]. */
    public static boolean validId(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) return false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) return false;
        }
        return true;
    }

    /** Effective MACs per cycle e for a data type. */
    public double macPerCycle(DataType type) {
        return type == DataType.INT8 ? macPerCycleInt8 : macPerCycleF32;
    }

    /** Clock in Hz (f_clock). */
    public double clockHz() { return clockMhz * 1e6; }

    /** SRAM in bytes: sram_kb * 1024. */
    public double sramBytes() { return sramKb * 1024.0; }

    /** Flash in bytes: flash_kb * 1024. */
    public double flashBytes() { return flashKb * 1024.0; }

    /** A copy with e for {@code type} replaced, notes replaced and the calibrated flag set. */
    public Device withCalibratedMacPerCycle(DataType type, double e, String newNotes) {
        return new Device(id, name, core, clockMhz, sramKb, flashKb, fpu, dspSimd,
                type == DataType.INT8 ? e : macPerCycleInt8,
                type == DataType.FLOAT32 ? e : macPerCycleF32,
                activeMw, newNotes, true);
    }
}
