package org.tinyfit.app.cli;

import java.nio.file.Path;
import java.util.List;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.device.DeviceCatalog;

/** Device lookup for CLI commands. */
final class Devices {
    /** The device used when a command is given none. */
    static final String DEFAULT_DEVICE = "nucleo-f746zg";

    private Devices() { }

    static DeviceCatalog catalog(List<Path> files) {
        try {
            return DeviceCatalog.loadDefault(files == null ? List.of() : files);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    static Device device(DeviceCatalog cat, String id) {
        try {
            return cat.get(id == null ? DEFAULT_DEVICE : id);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
