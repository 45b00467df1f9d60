package org.tinyfit.views.explorer;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.tinyfit.model.device.Calibration;
import org.tinyfit.model.device.DataType;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.device.DeviceCatalog;
import org.tinyfit.model.device.LatencyTerms;
import org.tinyfit.views.Errors;
import org.tinyfit.views.Formats;
import org.tinyfit.views.LatestTaskLane;

/**
 * The device catalog of the window (built-in and user devices), the selected device,
 * and calibration of a device from one measured latency. Reading and writing the
 * device files runs on its own lane; results arrive in one fx step.
 */
public final class DevicesViewModel {
    private record Loaded(DeviceCatalog catalog, String warning) { }

    private record Calibrated(Calibration.Result result, Path savedTo) { }

    private final ObservableList<Device> devices = FXCollections.observableArrayList();
    private final ObjectProperty<Device> device = new SimpleObjectProperty<>(this, "device");
    private final LatestTaskLane lane;
    private final Consumer<Message> messages;
    private final Path configDir;

    /**
     * @param configDir where calibrated devices are saved (the user devices.json); null: not saved
     * @param messages  receives messages for the window's message bar (fx thread)
     */
    DevicesViewModel(Callable<DeviceCatalog> catalog, String defaultDevice, Path configDir, Executor executor, Executor fx,
                     Consumer<Message> messages) {
        this.lane = new LatestTaskLane("device", executor, fx);
        this.messages = messages;
        this.configDir = configDir;
        lane.<Loaded>submit(0, ctx -> {
            try {
                return new Loaded(catalog.call(), null);
            } catch (Exception e) {
                return new Loaded(DeviceCatalog.builtIn(), "Could not read the user device file: " + Errors.describe(e)
                        + " \u2014 showing the built-in devices");
            }
        }, new LatestTaskLane.Sink<Loaded>() {
            @Override public void done(Loaded r) {
                devices.setAll(r.catalog().devices());
                if (device.get() == null) device.set(r.catalog().find(defaultDevice).orElse(devices.isEmpty() ? null : devices.get(0)));
                if (r.warning() != null) messages.accept(new Message(r.warning(), true));
            }

            @Override public void failed(String msg) {
                messages.accept(new Message("Could not load the device catalog: " + msg, true));
            }
        });
    }

    /** Selects a device by id (false when unknown). */
    public boolean select(String id) {
        for (Device d : devices) {
            if (d.id().equals(id)) {
                device.set(d);
                return true;
            }
        }
        return false;
    }

    /**
     * Calibrates {@code d}'s effective MACs per cycle of {@code type} from one measured
     * latency of a plan whose latency terms are {@code terms}, saves the device into the
     * user device file (when a config folder is set) and selects it.
     */
    public void calibrate(Device d, LatencyTerms terms, double measuredMs, DataType type) {
        Path dir = configDir;
        lane.<Calibrated>submit(0, ctx -> {
            Calibration.Result r = Calibration.calibrate(d, type, terms, measuredMs / 1000.0);
            return new Calibrated(r, dir == null ? null : Calibration.persist(r.device(), dir));
        }, new LatestTaskLane.Sink<Calibrated>() {
            @Override public void done(Calibrated c) {
                Calibration.Result r = c.result();
                int i = devices.indexOf(d);
                if (i >= 0) devices.set(i, r.device());
                else devices.add(r.device());
                device.set(r.device());
                messages.accept(new Message("Calibrated " + r.type().macField() + " of " + d.id() + ": "
                        + Formats.fixed(r.previous(), 3) + " \u2192 " + Formats.fixed(r.macPerCycle(), 3)
                        + (c.savedTo() == null ? " (not saved)" : " \u2014 saved to " + c.savedTo()), false));
            }

            @Override public void failed(String msg) {
                messages.accept(new Message("Calibration failed: " + msg, true));
            }
        });
    }

    /** The built-in catalog entry of a device id, or null (a device the user added has none). */
    public static Device catalogEntry(String id) {
        return org.tinyfit.model.device.DeviceCatalog.builtIn().find(id).orElse(null);
    }

    /**
     * Puts {@code d} back to its catalog values: its calibrated entry leaves the user device file (when a config
     * folder is set) and the catalog's device is selected.
     */
    public void resetToCatalog(Device d) {
        Path dir = configDir;
        lane.<Device>submit(0, ctx -> {
            Device orig = catalogEntry(d.id());
            if (orig == null) throw new IllegalArgumentException(d.id() + " is not in the built-in catalog: there are no catalog values to return to");
            if (dir != null) {
                Path file = org.tinyfit.model.device.DeviceCatalog.userFile(dir);
                if (java.nio.file.Files.exists(file)) {
                    java.util.List<Device> list = new java.util.ArrayList<>(org.tinyfit.model.device.DeviceJson.read(file));
                    if (list.removeIf(x -> x.id().equals(d.id()))) org.tinyfit.model.device.DeviceJson.write(file, list);
                }
            }
            return orig;
        }, new LatestTaskLane.Sink<Device>() {
            @Override public void done(Device orig) {
                int i = devices.indexOf(d);
                if (i >= 0) devices.set(i, orig);
                else devices.add(orig);
                device.set(orig);
                messages.accept(new Message("Reset " + d.id() + " to the catalog values: mac_per_cycle_f32 "
                        + Formats.fixed(orig.macPerCycle(DataType.FLOAT32), 3) + ", mac_per_cycle_int8 "
                        + Formats.fixed(orig.macPerCycle(DataType.INT8), 3)
                        + (dir == null ? "" : "; its calibrated entry left " + org.tinyfit.model.device.DeviceCatalog.userFile(dir)), false));
            }

            @Override public void failed(String msg) {
                messages.accept(new Message("Reset failed: " + msg, true));
            }
        });
    }

    /** Where calibrations are saved (null: nowhere). */
    public Path userFile() { return configDir == null ? null : org.tinyfit.model.device.DeviceCatalog.userFile(configDir); }

    public ObservableList<Device> devices() { return devices; }

    public ObjectProperty<Device> deviceProperty() { return device; }
}
