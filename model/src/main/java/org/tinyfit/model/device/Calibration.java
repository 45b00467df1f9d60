package org.tinyfit.model.device;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Calibrates a device's effective MACs per cycle e from one measured latency
 * (docs/COST_MODEL.md: "a user may calibrate e from one measured latency on their
 * board"). Solving the latency formula for the e of one data type X, with the
 * other type's MACs at the device's current e_Y:
 * <pre>
 * L * f_clock = W_X / e_X + W_Y / e_Y + nonlinearities*c_nl + elementwise*c_el
 * e_X = W_X / (L * f_clock - W_Y / e_Y - nonlinearities*c_nl - elementwise*c_el)
 * </pre>
 * where W = dense MACs + 2 * sparse MACs ({@link LatencyTerms#weightedMacs}).
 * A measurement no longer than the part that does not depend on e_X is
 * impossible under the model and is rejected.
 */
public final class Calibration {

    /**
     * @param device          the device with the new e, {@code calibrated} set and the notes extended
     * @param type            the data type calibrated
     * @param macPerCycle     the solved e
     * @param previous        e before calibration
     * @param measuredSeconds the measurement
     */
    public record Result(Device device, DataType type, double macPerCycle, double previous, double measuredSeconds) { }

    private Calibration() { }

    /**
     * Solves the latency formula for e of {@code type}.
     *
     * @throws IllegalArgumentException when the measurement is not positive, the workload has no
     *                                  MACs of that type, or the measurement is shorter than the rest of the estimate
     */
    public static double solve(Device device, DataType type, LatencyTerms terms, double measuredSeconds) {
        if (!(measuredSeconds > 0) || Double.isInfinite(measuredSeconds)) {
            throw new IllegalArgumentException("measured latency must be a positive number of milliseconds, got " + ms(measuredSeconds) + " ms");
        }
        double w = terms.weightedMacs(type);
        if (w <= 0) {
            throw new IllegalArgumentException("the plan runs no " + type.id() + " MACs on device '" + device.id()
                    + "', so a measurement cannot calibrate " + type.macField()
                    + (type == DataType.INT8 ? " (int8 needs weights of 8 bits or fewer and int8 activations)" : ""));
        }
        DataType other = type == DataType.INT8 ? DataType.FLOAT32 : DataType.INT8;
        double otherCycles = terms.weightedMacs(other) / device.macPerCycle(other);
        double fixedCycles = terms.nonMacCycles() + otherCycles;
        double available = measuredSeconds * device.clockHz() - fixedCycles;
        if (!(available > 0)) {
            double fixedMs = fixedCycles / device.clockHz() * 1e3;
            throw new IllegalArgumentException("measured " + ms(measuredSeconds) + " ms on '" + device.id()
                    + "' is not longer than the " + ms(fixedMs / 1e3) + " ms the model spends outside " + type.id()
                    + " MACs (nonlinearities, element-wise operations" + (otherCycles > 0 ? ", " + other.id() + " MACs" : "")
                    + ") at " + num(device.clockMhz()) + " MHz: the measurement is impossible under the model;"
                    + " check the time, the clock, the data type and the plan");
        }
        return w / available;
    }

    /**
     * Solves e and returns the device with it, marked calibrated, its notes
     * extended with "FIELD calibrated from a measured X ms on DATE (was E)"
     * (replacing an earlier calibration sentence for the same field).
     */
    public static Result calibrate(Device device, DataType type, LatencyTerms terms, double measuredSeconds, LocalDate date) {
        double e = solve(device, type, terms, measuredSeconds);
        double previous = device.macPerCycle(type);
        String field = type.macField();
        String notes = Pattern.compile("\\s*" + Pattern.quote(field) + " calibrated from a measured [^()]*? on \\d{4}-\\d{2}-\\d{2}( \\(was [^)]*\\))?\\.")
                .matcher(device.notes()).replaceAll("");
        String sentence = field + " calibrated from a measured " + ms(measuredSeconds) + " ms on " + date
                + " (was " + num(previous) + ").";
        notes = notes.isBlank() ? sentence : notes.strip() + " " + sentence;
        return new Result(device.withCalibratedMacPerCycle(type, e, notes), type, e, previous, measuredSeconds);
    }

    /** {@link #calibrate(Device, DataType, LatencyTerms, double, LocalDate)} dated today. */
    public static Result calibrate(Device device, DataType type, LatencyTerms terms, double measuredSeconds) {
        return calibrate(device, type, terms, measuredSeconds, LocalDate.now());
    }

    /**
     * Saves a device into {@code configDir/devices.json}: creates the folders,
     * keeps the other entries of an existing file (which must be valid: an
     * invalid file is reported, never overwritten), replaces an entry with the
     * same id in place or appends it, and writes atomically.
     *
     * @return the file written
     */
    public static Path persist(Device device, Path configDir) throws IOException {
        Path file = DeviceCatalog.userFile(configDir);
        List<Device> list = new ArrayList<>();
        if (Files.exists(file)) list.addAll(DeviceJson.read(file));
        boolean replaced = false;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(device.id())) {
                list.set(i, device);
                replaced = true;
            }
        }
        if (!replaced) list.add(device);
        DeviceJson.write(file, list);
        return file;
    }

    private static String ms(double seconds) {
        return num(seconds * 1e3);
    }

    private static String num(double v) {
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
