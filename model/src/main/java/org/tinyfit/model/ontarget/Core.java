package org.tinyfit.model.ontarget;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Cortex-M cores TinyFit runs its exported C on, each with the QEMU Arm MPS2 board that
 * emulates it, the GCC flags of its instruction set and FPU, the board's memory map (code
 * in the first SSRAM, data and stack in the second) and the catalog device whose effective
 * MAC rates the estimate uses when the user names none.
 */
public enum Core {
    CORTEX_M3("cortex-m3", "mps2-an385", "AN385", List.of("-mcpu=cortex-m3", "-mthumb", "-mfloat-abi=soft"),
            "no FPU (software float)", 0x00000000L, 4 << 20, 0x20000000L, 4 << 20, "microbit-v1"),
    CORTEX_M4("cortex-m4", "mps2-an386", "AN386", List.of("-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"),
            "single-precision FPU (FPv4-SP)", 0x00000000L, 4 << 20, 0x20000000L, 4 << 20, "cortex-m4f-32k"),
    CORTEX_M7("cortex-m7", "mps2-an500", "AN500", List.of("-mcpu=cortex-m7", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv5-d16"),
            "double-precision FPU (FPv5-D16)", 0x00000000L, 4 << 20, 0x20000000L, 128 << 10, "nucleo-f746zg"),
    CORTEX_M33("cortex-m33", "mps2-an505", "AN505", List.of("-mcpu=cortex-m33", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv5-sp-d16"),
            "single-precision FPU (FPv5-SP), secure state", 0x10000000L, 4 << 20, 0x38000000L, 2 << 20, "cortex-m4f-32k");

    private final String id;
    private final String machine;
    private final String board;
    private final List<String> cpuFlags;
    private final String fpu;
    private final long flashOrigin;
    private final long flashLength;
    private final long ramOrigin;
    private final long ramLength;
    private final String estimateDevice;

    Core(String id, String machine, String board, List<String> cpuFlags, String fpu, long flashOrigin, long flashLength,
         long ramOrigin, long ramLength, String estimateDevice) {
        this.id = id;
        this.machine = machine;
        this.board = board;
        this.cpuFlags = cpuFlags;
        this.fpu = fpu;
        this.flashOrigin = flashOrigin;
        this.flashLength = flashLength;
        this.ramOrigin = ramOrigin;
        this.ramLength = ramLength;
        this.estimateDevice = estimateDevice;
    }

    /** cortex-m3, cortex-m4, cortex-m7 or cortex-m33 (the --target value). */
    public String id() { return id; }
    /** QEMU's machine name, e.g. mps2-an386. */
    public String machine() { return machine; }
    /** The MPS2 FPGA image, e.g. AN386. */
    public String board() { return board; }
    /** -mcpu, -mthumb, -mfloat-abi and -mfpu for this core. */
    public List<String> cpuFlags() { return cpuFlags; }
    /** The FPU in words. */
    public String fpu() { return fpu; }
    public boolean hasFpu() { return this != CORTEX_M3; }
    /** Where the code and constants go (the linker script's FLASH). */
    public long flashOrigin() { return flashOrigin; }
    public long flashLength() { return flashLength; }
    /** Where the data, bss and stack go (the linker script's RAM). */
    public long ramOrigin() { return ramOrigin; }
    public long ramLength() { return ramLength; }
    /** The catalog device whose MAC rates the estimate uses by default. */
    public String estimateDevice() { return estimateDevice; }

    /** The core of a --target value (case-insensitive; "m4" and "cortex-m4" both work). */
    public static Core parse(String s) {
        String k = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        if (!k.startsWith("cortex-")) k = "cortex-" + k;
        for (Core c : values()) if (c.id.equals(k)) return c;
        throw new IllegalArgumentException("unknown target '" + s + "': expected one of " + ids());
    }

    /** "cortex-m3, cortex-m4, cortex-m7, cortex-m33". */
    public static String ids() {
        List<String> l = new ArrayList<>();
        for (Core c : values()) l.add(c.id);
        return String.join(", ", l);
    }
}
