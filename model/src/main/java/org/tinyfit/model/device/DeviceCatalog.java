package org.tinyfit.model.device;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The devices TinyFit knows: the built-in catalog (resource
 * {@code org/tinyfit/model/device/devices.json}), then the user's device file in
 * the config folder ({@link #configDir(Map, String)}, file {@code devices.json},
 * optional), then explicit {@code --devices FILE} files in the order given
 * (each must exist). A later entry with an existing id replaces the earlier one
 * in place; new ids are appended. Immutable.
 */
public final class DeviceCatalog {
    /** Classpath resource of the built-in catalog. */
    public static final String RESOURCE = "/org/tinyfit/model/device/devices.json";
    /** Name of the user device file inside the config folder. */
    public static final String USER_FILE = "devices.json";
    /** Source label of built-in devices. */
    public static final String BUILT_IN = "built-in";

    private static volatile List<Device> builtInDevices;

    private final Map<String, Device> devices;
    private final Map<String, String> sources;

    private DeviceCatalog(Map<String, Device> devices, Map<String, String> sources) {
        this.devices = Collections.unmodifiableMap(devices);
        this.sources = Collections.unmodifiableMap(sources);
    }

    /** The built-in catalog only. */
    public static DeviceCatalog builtIn() {
        return load(null, List.of());
    }

    /**
     * The built-in catalog, then {@code configDir/devices.json} when
     * {@code configDir} is not null and the file exists, then {@code explicitFiles}.
     *
     * @throws DeviceFileException when a file is missing (explicit files only), unreadable or invalid
     */
    public static DeviceCatalog load(Path configDir, List<Path> explicitFiles) {
        Map<String, Device> map = new LinkedHashMap<>();
        Map<String, String> src = new LinkedHashMap<>();
        for (Device d : builtInList()) {
            map.put(d.id(), d);
            src.put(d.id(), BUILT_IN);
        }
        if (configDir != null) {
            Path user = userFile(configDir);
            if (Files.isRegularFile(user)) addAll(map, src, user);
        }
        for (Path p : explicitFiles == null ? List.<Path>of() : explicitFiles) addAll(map, src, p);
        return new DeviceCatalog(map, src);
    }

    /** Built-in, then the default config folder ({@link #defaultConfigDir()}), then {@code explicitFiles}. */
    public static DeviceCatalog loadDefault(List<Path> explicitFiles) {
        return load(defaultConfigDir(), explicitFiles);
    }

    private static void addAll(Map<String, Device> map, Map<String, String> src, Path file) {
        for (Device d : DeviceJson.read(file)) {
            map.put(d.id(), d);
            src.put(d.id(), file.toString());
        }
    }

    private static List<Device> builtInList() {
        List<Device> l = builtInDevices;
        if (l == null) {
            InputStream in = DeviceCatalog.class.getResourceAsStream(RESOURCE);
            if (in == null) throw new IllegalStateException("built-in device catalog " + RESOURCE + " is missing from the class path");
            l = List.copyOf(DeviceJson.read(in, "built-in devices.json"));
            builtInDevices = l;
        }
        return l;
    }

    /**
     * The user config folder: {@code $TINYFIT_CONFIG} if set and not empty, else
     * {@code $XDG_CONFIG_HOME/tinyfit}, else {@code HOME/.config/tinyfit}.
     *
     * @param env      environment variables
     * @param userHome the user's home folder (Java's {@code user.home})
     */
    public static Path configDir(Map<String, String> env, String userHome) {
        String t = env.get("TINYFIT_CONFIG");
        if (t != null && !t.isBlank()) return Paths.get(t);
        String x = env.get("XDG_CONFIG_HOME");
        if (x != null && !x.isBlank()) return Paths.get(x, "tinyfit");
        return Paths.get(userHome, ".config", "tinyfit");
    }

    /** {@link #configDir(Map, String)} of this process's environment and {@code user.home}. */
    public static Path defaultConfigDir() {
        return configDir(System.getenv(), System.getProperty("user.home"));
    }

    /** The user device file of a config folder: {@code configDir/devices.json}. */
    public static Path userFile(Path configDir) {
        return configDir.resolve(USER_FILE);
    }

    /** All devices: built-in order first, then new user ids in the order read. */
    public List<Device> devices() {
        return new ArrayList<>(devices.values());
    }

    public List<String> ids() {
        return new ArrayList<>(devices.keySet());
    }

    public Optional<Device> find(String id) {
        return Optional.ofNullable(devices.get(id));
    }

    /** The device with this id, or an exception that lists the known ids. */
    public Device get(String id) {
        Device d = devices.get(id);
        if (d == null) throw new IllegalArgumentException("unknown device '" + id + "' (known: " + String.join(", ", devices.keySet()) + ")");
        return d;
    }

    /** Where a device came from: {@link #BUILT_IN} or the file path. */
    public String sourceOf(String id) {
        return sources.get(id);
    }

    public int size() { return devices.size(); }
}
