package org.tinyfit.views.explorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tinyfit.model.cost.CostReport;
import org.tinyfit.model.cost.LayerCost;
import org.tinyfit.model.device.Device;
import org.tinyfit.views.Formats;

/**
 * Whether a plan fits a device and why not: one sentence per limit (flash and SRAM against
 * the device, latency against the budget) and, as an analyze report lists them, a breakdown
 * per layer of flash and of the SRAM buffers (input, state, scratch, outputs). All numbers
 * are the cost model's estimates. Pure: no JavaFX.
 *
 * @param fits    every limit is met
 * @param verdict "Fits arduino-uno" or "Does not fit arduino-uno: SRAM and latency are over"
 * @param limits  one per limit, in the order flash, SRAM, latency
 */
public record FitReport(boolean fits, String verdict, List<Limit> limits, String breakdown) {
    /** One limit: what the plan needs, what there is, and the sentence that says it. */
    public record Limit(String name, double needs, double has, boolean fits, String sentence) { }

    public static FitReport of(CostReport r, Device d, double budgetSeconds) {
        List<Limit> l = new ArrayList<>();
        l.add(bytes("flash", r.flashBytes(), d.flashBytes(), " flash"));
        l.add(bytes("SRAM", r.sramBytes(), d.sramBytes(), " SRAM"));
        double lat = r.latencySeconds();
        boolean latOk = lat <= budgetSeconds;
        l.add(new Limit("latency", lat, budgetSeconds, latOk, latOk
                ? "Latency: takes " + Formats.seconds(lat) + " of the " + Formats.seconds(budgetSeconds) + " budget"
                : "Latency: takes " + Formats.seconds(lat) + ", the budget is " + Formats.seconds(budgetSeconds)
                        + " (" + Formats.factor(lat / budgetSeconds) + " over; at " + Formats.decimal1(d.clockMhz()) + " MHz)"));
        List<String> over = new ArrayList<>();
        for (Limit x : l) if (!x.fits()) over.add(x.name());
        boolean fits = over.isEmpty();
        String verdict = fits ? "Fits " + d.id() + ": flash, SRAM and latency are within its limits"
                : "Does not fit " + d.id() + ": " + join(over) + (over.size() == 1 ? " is" : " are") + " over";
        return new FitReport(fits, verdict, List.copyOf(l), breakdown(r, d));
    }

    private static Limit bytes(String name, double needs, double has, String what) {
        boolean ok = needs <= has;
        String cap = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
        String s = ok ? cap + ": uses " + Formats.bytes(needs) + " of " + capacity(has) + what + " (" + Formats.percent(100 * needs / has) + ")"
                : cap + ": needs " + Formats.bytes(needs) + what + ", the device has " + capacity(has)
                        + " (" + Formats.bytes(needs - has) + " over)";
        return new Limit(name, needs, has, ok, s);
    }

    /** A device's size as its datasheet gives it: "2 KB", "256 KB", "1 MB", else {@link Formats#bytes}. */
    static String capacity(double bytes) { return Formats.capacity(bytes); }

    private static String join(List<String> xs) {
        if (xs.size() == 1) return xs.get(0);
        return String.join(", ", xs.subList(0, xs.size() - 1)) + " and " + xs.get(xs.size() - 1);
    }

    /** The sentences, one a line: the verdict, then each limit. */
    public String text() {
        StringBuilder b = new StringBuilder(verdict);
        for (Limit x : limits) b.append('\n').append(x.sentence());
        return b.toString();
    }

    /** The limit by name ("flash", "SRAM", "latency"). */
    public Limit limit(String name) {
        for (Limit x : limits) if (x.name().equals(name)) return x;
        throw new IllegalArgumentException(name);
    }

    /**
     * Per layer: params, flash (kernel, biases and scalars), the SRAM its state keeps and its
     * scratch while it runs, MACs and cycles; then the peak SRAM item by item (the largest scratch
     * of one layer counts, layers run one after another).
     */
    static String breakdown(CostReport r, Device d) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-12s %-8s %10s %10s %10s %10s %12s%n", "layer", "type", "params", "flash", "state", "scratch", "MACs"));
        for (LayerCost l : r.layers()) {
            b.append(String.format(Locale.ROOT, "%-12s %-8s %10s %10s %10s %10s %12s%n", clip(l.name()), l.typeId(), Formats.integer(l.params()),
                    Formats.bytes(l.flashBytes()), l.persistentBytes() == 0 ? "-" : Formats.bytes(l.persistentBytes()),
                    Formats.bytes(l.scratchBytes()), Formats.integer(l.macs())));
        }
        b.append(String.format(Locale.ROOT, "%-21s %10s %10s%n", "total", Formats.integer(r.params()), Formats.bytes(r.flashBytes())));
        b.append(String.format(Locale.ROOT, "%nflash        %10s of %s on %s%n", Formats.bytes(r.flashBytes()), capacity(d.flashBytes()), d.id()));
        var s = r.sram();
        b.append(String.format(Locale.ROOT, "peak SRAM    %10s of %s on %s%n", Formats.bytes(s.total()), capacity(d.sramBytes()), d.id()));
        b.append(String.format(Locale.ROOT, "  input      %10s  %s%n", Formats.bytes(s.inputBytes()),
                r.streamingInput() ? "(one step: streaming input)" : "(the whole input sequence)"));
        b.append(String.format(Locale.ROOT, "  state      %10s  (every RNN layer's h, and an LSTM's c, kept across steps)%n", Formats.bytes(s.persistentBytes())));
        b.append(String.format(Locale.ROOT, "  scratch    %10s  (the largest of one layer: %s)%n", Formats.bytes(s.scratchBytes()), s.scratchLayer()));
        b.append(String.format(Locale.ROOT, "  outputs    %10s  (the logits)%n", Formats.bytes(s.logitsBytes())));
        return b.toString();
    }

    private static String clip(String s) { return s.length() <= 12 ? s : s.substring(0, 11) + "\u2026"; }
}
