package org.tinyfit.model.device;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes device files: a JSON array of device objects, or an object
 * {@code {"devices": [...]}}. Field names are snake_case (docs/COST_MODEL.md "Devices"):
 * id, name, core, clock_mhz, sram_kb, flash_kb, fpu, dsp_simd, mac_per_cycle_int8,
 * mac_per_cycle_f32, active_mw, notes (optional), calibrated (optional boolean).
 * Validation is strict: unknown or missing fields, wrong types, non-positive
 * numbers and duplicate ids are rejected with a message that names the file,
 * the device and the field. Files larger than {@link #MAX_FILE_BYTES} are
 * rejected before they are read.
 */
public final class DeviceJson {
    /** Largest device file accepted (1 MiB; a device is ~500 bytes). */
    public static final long MAX_FILE_BYTES = 1L << 20;

    /** Fields of a device object, in the order they are written. */
    public static final List<String> FIELDS = List.of("id", "name", "core", "clock_mhz", "sram_kb", "flash_kb",
            "fpu", "dsp_simd", "mac_per_cycle_int8", "mac_per_cycle_f32", "active_mw", "notes", "calibrated");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private DeviceJson() { }

    /** Reads and validates a device file. */
    public static List<Device> read(Path file) {
        String src = file.toString();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new DeviceFileException(src + ": file is " + size + " bytes, larger than the "
                        + MAX_FILE_BYTES + " bytes allowed for a device file");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DeviceFileException(src + ": file not found", e);
        } catch (IOException e) {
            throw new DeviceFileException(src + ": cannot read: " + e.getMessage(), e);
        }
        return parse(bytes, src);
    }

    /** Reads and validates a device file from a stream (at most {@link #MAX_FILE_BYTES}). */
    public static List<Device> read(InputStream in, String sourceName) {
        try (in) {
            byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new DeviceFileException(sourceName + ": larger than the " + MAX_FILE_BYTES + " bytes allowed for a device file");
            }
            return parse(bytes, sourceName);
        } catch (IOException e) {
            throw new DeviceFileException(sourceName + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses and validates device JSON; {@code sourceName} prefixes every message. */
    public static List<Device> parse(byte[] json, String sourceName) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DeviceFileException(sourceName + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new DeviceFileException(sourceName + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) throw new DeviceFileException(sourceName + ": file is empty");
        JsonNode array = root;
        if (root.isObject()) {
            Iterator<String> names = root.fieldNames();
            while (names.hasNext()) {
                String f = names.next();
                if (!f.equals("devices")) {
                    throw new DeviceFileException(sourceName + ": unknown top-level field '" + f
                            + "' (expected an array of devices or {\"devices\": [...]})");
                }
            }
            array = root.get("devices");
            if (array == null) throw new DeviceFileException(sourceName + ": field 'devices' is missing");
        }
        if (!array.isArray()) {
            throw new DeviceFileException(sourceName + ": expected an array of devices or {\"devices\": [...]}");
        }
        List<Device> out = new ArrayList<>(array.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            Device d = device(array.get(i), sourceName, i + 1);
            if (!ids.add(d.id())) throw new DeviceFileException(sourceName + ": device '" + d.id() + "' appears twice");
            out.add(d);
        }
        return out;
    }

    private static Device device(JsonNode o, String src, int index) {
        if (!o.isObject()) throw new DeviceFileException(src + ": device #" + index + " is not a JSON object");
        JsonNode idNode = o.get("id");
        if (idNode == null || idNode.isNull()) throw new DeviceFileException(src + ": device #" + index + ": id is missing");
        if (!idNode.isTextual()) throw new DeviceFileException(src + ": device #" + index + ": id must be a string");
        String id = idNode.asText();
        String where = src + ": device '" + id + "': ";
        if (!Device.validId(id)) throw new DeviceFileException(where + "id must be 1-64 letters, digits, '.', '_' or '-'");
        Iterator<String> names = o.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            if (!FIELDS.contains(f)) throw new DeviceFileException(where + "unknown field '" + f + "' (known: " + String.join(", ", FIELDS) + ")");
        }
        String name = text(o, "name", where, true);
        String core = text(o, "core", where, true);
        double clock = positive(o, "clock_mhz", where);
        double sram = positive(o, "sram_kb", where);
        double flash = positive(o, "flash_kb", where);
        String fpuText = text(o, "fpu", where, true);
        Fpu fpu;
        try {
            fpu = Fpu.parse(fpuText);
        } catch (IllegalArgumentException e) {
            throw new DeviceFileException(where + "fpu must be \"none\", \"sp\" or \"dp\", got \"" + fpuText + "\"");
        }
        boolean dsp = bool(o, "dsp_simd", where, true);
        double eInt8 = positive(o, "mac_per_cycle_int8", where);
        double eF32 = positive(o, "mac_per_cycle_f32", where);
        double mw = positive(o, "active_mw", where);
        String notes = text(o, "notes", where, false);
        boolean calibrated = bool(o, "calibrated", where, false);
        if (name.isBlank()) throw new DeviceFileException(where + "name must not be empty");
        if (core.isBlank()) throw new DeviceFileException(where + "core must not be empty");
        return new Device(id, name, core, clock, sram, flash, fpu, dsp, eInt8, eF32, mw, notes == null ? "" : notes, calibrated);
    }

    private static String text(JsonNode o, String field, String where, boolean required) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new DeviceFileException(where + field + " is missing");
            return null;
        }
        if (!v.isTextual()) throw new DeviceFileException(where + field + " must be a string");
        return v.asText();
    }

    private static boolean bool(JsonNode o, String field, String where, boolean required) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new DeviceFileException(where + field + " is missing");
            return false;
        }
        if (!v.isBoolean()) throw new DeviceFileException(where + field + " must be true or false");
        return v.booleanValue();
    }

    private static double positive(JsonNode o, String field, String where) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) throw new DeviceFileException(where + field + " is missing");
        if (!v.isNumber()) throw new DeviceFileException(where + field + " must be a number");
        double d = v.doubleValue();
        if (!(d > 0)) throw new DeviceFileException(where + field + " must be > 0, got " + v.asText());
        if (Double.isInfinite(d)) throw new DeviceFileException(where + field + " is too large");
        return d;
    }

    /** JSON text of a device list as {@code {"devices": [...]}}, fields in {@link #FIELDS} order. */
    public static String toJson(List<Device> devices) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode arr = root.putArray("devices");
        for (Device d : devices) {
            ObjectNode o = arr.addObject();
            o.put("id", d.id());
            o.put("name", d.name());
            o.put("core", d.core());
            o.put("clock_mhz", d.clockMhz());
            o.put("sram_kb", d.sramKb());
            o.put("flash_kb", d.flashKb());
            o.put("fpu", d.fpu().id());
            o.put("dsp_simd", d.dspSimd());
            o.put("mac_per_cycle_int8", d.macPerCycleInt8());
            o.put("mac_per_cycle_f32", d.macPerCycleF32());
            o.put("active_mw", d.activeMw());
            o.put("notes", d.notes());
            if (d.calibrated()) o.put("calibrated", true);
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a device file atomically (a temporary file in the same folder, then
     * a move), creating missing folders.
     */
    public static void write(Path file, List<Device> devices) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".devices", ".tmp");
        try {
            Files.writeString(tmp, toJson(devices));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
