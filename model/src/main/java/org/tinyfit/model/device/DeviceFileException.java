package org.tinyfit.model.device;

/**
 * A device file could not be read or failed validation. The message names the
 * file, the device and the field: {@code devices.json: device 'foo': clock_mhz must be > 0}.
 */
public class DeviceFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DeviceFileException(String message) { super(message); }

    public DeviceFileException(String message, Throwable cause) { super(message, cause); }
}
