package org.tinyfit.model.explore;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tinyfit.model.provenance.ModelKind;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The atlas of a sample model: trained compressed variants, one row each, stored as
 * {@code atlas.csv} beside the model (Tablesaw). Accuracy is measured on the model's
 * eval set after training; params, flash and MACs are cost-model estimates.
 */
public final class Atlas {
    /** The kind of a variant trained in its structure. */
    public static final String KIND_TRAINED = ModelKind.TRAINED.id();
    /** The kind of a variant quantized from a trained one, without retraining. */
    public static final String KIND_QUANTIZED = ModelKind.QUANTIZED_AFTER_TRAINING.id();

    public static final String FILE = "atlas.csv";

    static final String[] COLUMNS = {"technique", "plan", "params", "compression", "flash_bytes", "macs", "accuracy",
        "accuracy_ci_low", "accuracy_ci_high", "samples", "epochs", "seed", "from", "kind", "file", "train_seconds"};

    /**
     * One trained variant.
     *
     * @param technique   kp, hkp, dkp, lmf, prune, small (fewer hidden units), kp-int8, ...
     * @param plan        the plan text (empty for a small baseline, whose architecture differs)
     * @param params      stored parameters of the whole model
     * @param compression baseline params / params
     * @param file        the variant model, relative to the atlas ("" when not shipped)
     * @param kind        {@link #KIND_TRAINED} (trained in this structure) or {@link #KIND_QUANTIZED}
     */
    public record Entry(String technique, String plan, long params, double compression, long flashBytes, long macs,
                        double accuracy, double ciLow, double ciHigh, int samples, int epochs, long seed, String from,
                        String kind, String file, long trainSeconds) {
        /** How the variant was made. */
        public ModelKind modelKind() { return ModelKind.parse(kind); }
    }

    private final List<Entry> entries;

    public Atlas(List<Entry> entries) { this.entries = List.copyOf(entries); }

    public List<Entry> entries() { return entries; }

    /** The entry for a plan text, if the atlas holds one. */
    public Optional<Entry> forPlan(String plan) {
        return entries.stream().filter(e -> e.plan().equals(plan)).findFirst();
    }

    public static Atlas read(Path file) throws IOException {
        if (!Files.exists(file)) return new Atlas(List.of());
        String text = Files.readString(file, StandardCharsets.UTF_8);
        ColumnType[] types = {ColumnType.STRING, ColumnType.STRING, ColumnType.LONG, ColumnType.DOUBLE, ColumnType.LONG, ColumnType.LONG,
            ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.LONG,
            ColumnType.STRING, ColumnType.STRING, ColumnType.STRING, ColumnType.LONG};
        Table t;
        try {
            t = Table.read().usingOptions(CsvReadOptions.builder(new StringReader(text)).tableName(file.toString()).columnTypes(types).missingValueIndicator(""));
        } catch (RuntimeException e) {
            throw new IOException(file + ": not an atlas CSV (" + e.getMessage() + ")", e);
        }
        for (int i = 0; i < COLUMNS.length; i++) {
            if (t.columnCount() <= i || !t.column(i).name().equals(COLUMNS[i])) {
                throw new IOException(file + ": column " + (i + 1) + " must be '" + COLUMNS[i] + "'");
            }
        }
        List<Entry> out = new ArrayList<>();
        for (Row r : t) {
            out.add(new Entry(str(r, 0), str(r, 1), r.getLong(2), r.getDouble(3), r.getLong(4), r.getLong(5), r.getDouble(6),
                    r.getDouble(7), r.getDouble(8), r.getInt(9), r.getInt(10), r.getLong(11), str(r, 12), str(r, 13), str(r, 14), r.getLong(15)));
        }
        return new Atlas(out);
    }

    private static String str(Row r, int c) {
        String s = r.getString(c);
        return s == null ? "" : s;
    }

    public Table toTable() {
        Table t = Table.create("atlas",
                StringColumn.create(COLUMNS[0]), StringColumn.create(COLUMNS[1]), LongColumn.create(COLUMNS[2]), DoubleColumn.create(COLUMNS[3]),
                LongColumn.create(COLUMNS[4]), LongColumn.create(COLUMNS[5]), DoubleColumn.create(COLUMNS[6]), DoubleColumn.create(COLUMNS[7]),
                DoubleColumn.create(COLUMNS[8]), IntColumn.create(COLUMNS[9]), IntColumn.create(COLUMNS[10]), LongColumn.create(COLUMNS[11]),
                StringColumn.create(COLUMNS[12]), StringColumn.create(COLUMNS[13]), StringColumn.create(COLUMNS[14]), LongColumn.create(COLUMNS[15]));
        for (Entry e : entries) {
            t.stringColumn(0).append(e.technique());
            t.stringColumn(1).append(e.plan());
            t.longColumn(2).append(e.params());
            t.doubleColumn(3).append(round(e.compression(), 2));
            t.longColumn(4).append(e.flashBytes());
            t.longColumn(5).append(e.macs());
            t.doubleColumn(6).append(e.accuracy());
            t.doubleColumn(7).append(round(e.ciLow(), 4));
            t.doubleColumn(8).append(round(e.ciHigh(), 4));
            t.intColumn(9).append(e.samples());
            t.intColumn(10).append(e.epochs());
            t.longColumn(11).append(e.seed());
            t.stringColumn(12).append(e.from());
            t.stringColumn(13).append(e.kind());
            t.stringColumn(14).append(e.file());
            t.longColumn(15).append(e.trainSeconds());
        }
        return t;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** Writes the CSV (via a temporary file, so a reader never sees half a file). */
    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        toTable().write().csv(tmp.toFile());
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** A copy with {@code e} added, replacing an entry of the same technique and plan (same small-baseline file). */
    public Atlas with(Entry e) {
        List<Entry> l = new ArrayList<>();
        for (Entry o : entries) if (!(o.technique().equals(e.technique()) && o.plan().equals(e.plan()) && o.file().equals(e.file()))) l.add(o);
        l.add(e);
        return new Atlas(l);
    }
}
