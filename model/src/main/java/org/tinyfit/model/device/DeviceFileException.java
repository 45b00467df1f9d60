package org.tinyfit.model.device;

/**
 * A device file could not be read or failed validation. The message names the
 * file, the device and the field: {@code devices.json: device 'foo': clock_mhz must be > 0}.
 */
public class DeviceFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Control characters from the file (a name with a line break) are escaped: the message stays one line. */
    public DeviceFileException(String message) { super(org.tinyfit.model.io.SafeNames.printable(message)); }

    public DeviceFileException(String message, Throwable cause) { super(org.tinyfit.model.io.SafeNames.printable(message), cause); }
}
