package org.tinyfit.model.device;

import java.util.Locale;

/**
 * Data type a weight matrix's MACs run in, which selects the device's effective
 * MACs per cycle e (docs/COST_MODEL.md "Latency and energy").
 */
public enum DataType {
    INT8("int8", "mac_per_cycle_int8"),
    FLOAT32("float32", "mac_per_cycle_f32");

    private final String id;
    private final String field;

    DataType(String id, String field) {
        this.id = id;
        this.field = field;
    }

    public String id() { return id; }

    /** The device JSON field holding e for this type. */
    public String macField() { return field; }

    /** Parses "int8"/"i8" or "float32"/"f32"/"float" (case-insensitive). */
    public static DataType parse(String s) {
        return switch (s == null ? "" : s.trim().toLowerCase(Locale.ROOT)) {
            case "int8", "i8" -> INT8;
            case "float32", "f32", "float" -> FLOAT32;
            default -> throw new IllegalArgumentException("data type must be int8 or float32, got '" + s + "'");
        };
    }
}
