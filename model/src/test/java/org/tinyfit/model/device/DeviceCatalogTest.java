package org.tinyfit.model.device;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceCatalogTest {
    @TempDir Path tmp;

    private static final String FOO = "{\"id\": \"foo\", \"name\": \"Foo\", \"core\": \"Cortex-M4F\", \"clock_mhz\": 100,"
            + " \"sram_kb\": 64, \"flash_kb\": 256, \"fpu\": \"sp\", \"dsp_simd\": true, \"mac_per_cycle_int8\": 0.5,"
            + " \"mac_per_cycle_f32\": 0.1, \"active_mw\": 20, \"notes\": \"test\"}";

    @Test
    void builtInHasAllThirteenDevicesFromCostModel() {
        DeviceCatalog c = DeviceCatalog.builtIn();
        assertEquals(List.of("arduino-uno", "microbit-v1", "microbit-v2", "nano33-ble", "cortex-m4f-32k",
                "nucleo-f446re", "nucleo-l4r5zi", "nucleo-f746zg", "nucleo-h743zi", "rpi-pico", "esp32-s3",
                "apollo3", "hikey-a53"), c.ids());
        // clock / SRAM / flash exactly as docs/COST_MODEL.md's table
        double[][] table = {{16, 2, 32}, {16, 16, 256}, {64, 128, 512}, {64, 256, 1024}, {80, 32, 256},
                {180, 128, 512}, {120, 640, 2048}, {216, 320, 1024}, {480, 1024, 2048}, {133, 264, 2048},
                {240, 512, 8192}, {48, 384, 1024}, {1200, 1048576, 8388608}};
        List<Device> ds = c.devices();
        for (int i = 0; i < table.length; i++) {
            Device d = ds.get(i);
            assertEquals(table[i][0], d.clockMhz(), d.id());
            assertEquals(table[i][1], d.sramKb(), d.id());
            assertEquals(table[i][2], d.flashKb(), d.id());
            assertTrue(d.notes().contains("estimate"), d.id() + " notes must say which numbers are estimates");
            assertFalse(d.calibrated());
            assertEquals(DeviceCatalog.BUILT_IN, c.sourceOf(d.id()));
        }
        // MAC/cycle within docs/COST_MODEL.md's ranges: CMSIS-NN int8 on M4 0.3-0.5, M7 0.5-0.8, f32 on M4F ~0.1,
        // software float 0.01-0.02 (AVR is slower still)
        for (Device d : ds) {
            if (d.core().contains("Cortex-M4F")) {
                assertTrue(d.macPerCycleInt8() >= 0.3 && d.macPerCycleInt8() <= 0.5, d.id());
                assertEquals(0.1, d.macPerCycleF32(), 1e-12, d.id());
                assertEquals(Fpu.SP, d.fpu(), d.id());
            } else if (d.core().contains("Cortex-M7")) {
                assertTrue(d.macPerCycleInt8() >= 0.5 && d.macPerCycleInt8() <= 0.8, d.id());
            } else if (d.fpu() == Fpu.NONE && !d.id().equals("arduino-uno")) {
                assertTrue(d.macPerCycleF32() >= 0.01 && d.macPerCycleF32() <= 0.02, d.id());
            }
        }
        assertEquals(Fpu.NONE, c.get("arduino-uno").fpu());
        assertEquals(Fpu.DP, c.get("nucleo-h743zi").fpu());
    }

    @Test
    void configDirResolution() {
        Map<String, String> all = Map.of("TINYFIT_CONFIG", "/a/tf", "XDG_CONFIG_HOME", "/x");
        assertEquals(Paths.get("/a/tf"), DeviceCatalog.configDir(all, "/home/u"));
        assertEquals(Paths.get("/x", "tinyfit"), DeviceCatalog.configDir(Map.of("XDG_CONFIG_HOME", "/x"), "/home/u"));
        assertEquals(Paths.get("/home/u", ".config", "tinyfit"), DeviceCatalog.configDir(Map.of(), "/home/u"));
        assertEquals(Paths.get("/home/u", ".config", "tinyfit"), DeviceCatalog.configDir(Map.of("TINYFIT_CONFIG", ""), "/home/u"));
        assertEquals(Paths.get("/a/tf", "devices.json"), DeviceCatalog.userFile(Paths.get("/a/tf")));
    }

    @Test
    void userConfigFileAddsAndOverrides() throws IOException {
        Path cfg = tmp.resolve("cfg");
        Files.createDirectories(cfg);
        String uno = FOO.replace("\"foo\"", "\"arduino-uno\"").replace("\"clock_mhz\": 100", "\"clock_mhz\": 20");
        Files.writeString(cfg.resolve("devices.json"), "[" + FOO + ", " + uno + "]");
        DeviceCatalog c = DeviceCatalog.load(cfg, List.of());
        assertEquals(14, c.size());
        assertEquals(20, c.get("arduino-uno").clockMhz());
        assertEquals(0, c.ids().indexOf("arduino-uno")); // replaced in place
        assertEquals("foo", c.ids().get(13));
        assertEquals(cfg.resolve("devices.json").toString(), c.sourceOf("foo"));
        Device foo = c.get("foo");
        assertEquals("Foo", foo.name());
        assertEquals(Fpu.SP, foo.fpu());
        assertTrue(foo.dspSimd());
        assertEquals(0.5, foo.macPerCycleInt8());
        assertEquals(20, foo.activeMw());
    }

    @Test
    void explicitFilesOverrideConfigFolderInOrder() throws IOException {
        Path cfg = tmp.resolve("cfg");
        Files.createDirectories(cfg);
        Files.writeString(cfg.resolve("devices.json"), "[" + FOO + "]");
        Path f1 = tmp.resolve("one.json");
        Files.writeString(f1, "{\"devices\": [" + FOO.replace("\"clock_mhz\": 100", "\"clock_mhz\": 200") + "]}");
        Path f2 = tmp.resolve("two.json");
        Files.writeString(f2, "[" + FOO.replace("\"clock_mhz\": 100", "\"clock_mhz\": 300") + "]");
        assertEquals(200, DeviceCatalog.load(cfg, List.of(f1)).get("foo").clockMhz());
        DeviceCatalog c = DeviceCatalog.load(cfg, List.of(f1, f2));
        assertEquals(300, c.get("foo").clockMhz());
        assertEquals(f2.toString(), c.sourceOf("foo"));
        // no config folder file: fine; missing explicit file: error naming it
        assertEquals(13, DeviceCatalog.load(tmp.resolve("none"), List.of()).size());
        DeviceFileException e = assertThrows(DeviceFileException.class,
                () -> DeviceCatalog.load(null, List.of(tmp.resolve("missing.json"))));
        assertTrue(e.getMessage().contains("missing.json: file not found"), e.getMessage());
    }

    @Test
    void unknownDeviceListsKnownIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceCatalog.builtIn().get("nope"));
        assertTrue(e.getMessage().contains("unknown device 'nope'") && e.getMessage().contains("apollo3"), e.getMessage());
    }

    private String error(String json) throws IOException {
        Path f = tmp.resolve("devices.json");
        Files.writeString(f, json);
        return assertThrows(DeviceFileException.class, () -> DeviceCatalog.load(null, List.of(f))).getMessage();
    }

    private static String foo(String field, String value) {
        return "[" + FOO.replaceFirst("\"" + field + "\": [^,}]+", "\"" + field + "\": " + value) + "]";
    }

    @Test
    void badFilesNameFileDeviceAndField() throws IOException {
        String p = tmp.resolve("devices.json") + ": ";
        assertEquals(p + "device 'foo': clock_mhz must be > 0, got 0", error(foo("clock_mhz", "0")));
        assertEquals(p + "device 'foo': sram_kb must be > 0, got -1", error(foo("sram_kb", "-1")));
        assertEquals(p + "device 'foo': mac_per_cycle_f32 must be a number", error(foo("mac_per_cycle_f32", "\"fast\"")));
        assertEquals(p + "device 'foo': fpu must be \"none\", \"sp\" or \"dp\", got \"hp\"", error(foo("fpu", "\"hp\"")));
        assertEquals(p + "device 'foo': dsp_simd must be true or false", error(foo("dsp_simd", "1")));
        assertEquals(p + "device 'foo': active_mw is missing", error("[" + FOO.replace(", \"active_mw\": 20", "") + "]"));
        assertTrue(error("[" + FOO.replace("\"clock_mhz\"", "\"clock_Mhz\"") + "]")
                .startsWith(p + "device 'foo': unknown field 'clock_Mhz'"));
        assertEquals(p + "device #1: id is missing", error("[{\"name\": \"x\"}]"));
        assertEquals(p + "device #2 is not a JSON object", error("[" + FOO + ", 3]"));
        assertEquals(p + "device 'foo' appears twice", error("[" + FOO + ", " + FOO + "]"));
        assertEquals(p + "device 'a b': id must be 1-64 letters, digits, '.', '_' or '-'", error(foo("id", "\"a b\"")));
        assertTrue(error("[" + FOO).startsWith(p + "not valid JSON"));
        assertTrue(error("{\"device\": []}").startsWith(p + "unknown top-level field 'device'"));
        assertTrue(error("42").startsWith(p + "expected an array of devices"));
        assertEquals(p + "file is empty", error(""));
        assertTrue(error("[" + FOO.replace("\"id\": \"foo\"", "\"id\": \"foo\", \"id\": \"bar\"") + "]").startsWith(p + "not valid JSON"));
    }

    @Test
    void oversizedFileIsRejectedBeforeReading() throws IOException {
        Path f = tmp.resolve("big.json");
        Files.write(f, new byte[(int) DeviceJson.MAX_FILE_BYTES + 1]);
        DeviceFileException e = assertThrows(DeviceFileException.class, () -> DeviceJson.read(f));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    @Test
    void writeThenReadRoundTrip() throws IOException {
        List<Device> ds = DeviceCatalog.builtIn().devices();
        Path f = tmp.resolve("a/b/devices.json");
        DeviceJson.write(f, ds);
        assertEquals(ds, DeviceJson.read(f));
    }
}
