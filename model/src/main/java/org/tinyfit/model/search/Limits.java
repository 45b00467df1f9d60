package org.tinyfit.model.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tinyfit.model.device.Device;

/**
 * What a searched model must fit: flash and SRAM in bytes, latency in ms and energy in mJ per
 * inference on {@code device} (cost-model estimates). A limit of {@code Double.POSITIVE_INFINITY}
 * (or {@code Long.MAX_VALUE} bytes) is no limit.
 */
public record Limits(Device device, long flashBytes, long sramBytes, double latencyMs, double energyMj) {
    public Limits {
        if (device == null) throw new IllegalArgumentException("limits need a device");
        if (flashBytes <= 0 || sramBytes <= 0) throw new IllegalArgumentException("flash and SRAM limits must be positive");
        if (!(latencyMs > 0) || !(energyMj > 0)) throw new IllegalArgumentException("latency and energy limits must be positive");
    }

    /** The device's own flash and SRAM, no latency or energy limit. */
    public static Limits of(Device d) {
        return new Limits(d, (long) d.flashBytes(), (long) d.sramBytes(), Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** Null when a cost fits; otherwise which limits it is over (e.g. "flash 20,480 B > 16,384 B"). */
    public String over(long flash, long sram, double latency, double energy) {
        List<String> o = new ArrayList<>();
        if (flash > flashBytes) o.add(String.format(Locale.ROOT, "flash %,d B > %,d B", flash, flashBytes));
        if (sram > sramBytes) o.add(String.format(Locale.ROOT, "SRAM %,d B > %,d B", sram, sramBytes));
        if (latency > latencyMs) o.add(String.format(Locale.ROOT, "latency %.3f ms > %.3f ms", latency, latencyMs));
        if (energy > energyMj) o.add(String.format(Locale.ROOT, "energy %.4f mJ > %.4f mJ", energy, energyMj));
        return o.isEmpty() ? null : String.join(", ", o);
    }

    /** One line for progress output. */
    public String describe() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s: flash <= %,d B, SRAM <= %,d B", device.id(), flashBytes, sramBytes));
        if (Double.isFinite(latencyMs)) sb.append(String.format(Locale.ROOT, ", latency <= %s ms", num(latencyMs)));
        if (Double.isFinite(energyMj)) sb.append(String.format(Locale.ROOT, ", energy <= %s mJ", num(energyMj)));
        return sb.toString();
    }

    private static String num(double d) { return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d); }
}
