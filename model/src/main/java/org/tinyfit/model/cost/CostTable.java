package org.tinyfit.model.cost;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvWriteOptions;

/**
 * The per-matrix cost table of a {@link CostReport} as a Tablesaw table (one row per
 * weight matrix, in layer order). Every number is an estimate (docs/COST_MODEL.md).
 *
 * <p>Columns: name, technique, rows, cols, shape ("m x n"), bits, params, flash_bytes,
 * sparse_index ("csr", "bitmap" or empty), sparse_index_bytes, nnz, macs_per_step, steps,
 * macs, sparse_macs, rank_bound (empty for pruned), intermediate, kp_order, data_type.
 */
public final class CostTable {
    private CostTable() { }

    public static Table of(CostReport r) {
        StringColumn name = StringColumn.create("name"), tech = StringColumn.create("technique"), shape = StringColumn.create("shape");
        IntColumn rows = IntColumn.create("rows"), cols = IntColumn.create("cols"), bits = IntColumn.create("bits");
        LongColumn params = LongColumn.create("params"), flash = LongColumn.create("flash_bytes");
        StringColumn index = StringColumn.create("sparse_index");
        LongColumn indexBytes = LongColumn.create("sparse_index_bytes"), nnz = LongColumn.create("nnz");
        LongColumn macsStep = LongColumn.create("macs_per_step");
        IntColumn steps = IntColumn.create("steps");
        LongColumn macs = LongColumn.create("macs"), sparse = LongColumn.create("sparse_macs");
        IntColumn rank = IntColumn.create("rank_bound");
        LongColumn inter = LongColumn.create("intermediate");
        StringColumn order = StringColumn.create("kp_order"), dt = StringColumn.create("data_type");
        for (MatrixCost m : r.matrices()) {
            name.append(m.name());
            tech.append(m.techniqueId());
            rows.append(m.rows());
            cols.append(m.cols());
            shape.append(m.rows() + " x " + m.cols());
            bits.append(m.bits());
            params.append(m.params());
            flash.append(m.flashBytes());
            index.append(m.sparseIndex() == null ? "" : m.sparseIndex());
            indexBytes.append(m.sparseIndexBytes());
            nnz.append(m.nnz());
            macsStep.append(m.macsPerStep());
            steps.append(m.steps());
            macs.append(m.macs());
            sparse.append(m.sparseMacs());
            if (m.rankBound() == null) rank.appendMissing();
            else rank.append(m.rankBound());
            inter.append(m.intermediate());
            order.append(m.kpOrder() == null ? "" : m.kpOrder());
            dt.append(m.dataType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return Table.create("matrix costs on " + r.deviceId(), name, tech, rows, cols, shape, bits, params, flash, index, indexBytes, nnz,
                macsStep, steps, macs, sparse, rank, inter, order, dt);
    }

    /** The table as CSV text (header row first; a missing rank bound is an empty field). */
    public static String csv(Table t) {
        StringWriter w = new StringWriter();
        write(t, w);
        return w.toString();
    }

    public static void writeCsv(Table t, Path file) throws IOException {
        // a temporary file renamed into place: a killed export keeps the previous table
        org.tinyfit.model.io.AtomicWrite.writeString(file, csv(t));
    }

    private static void write(Table t, Writer w) {
        t.write().csv(CsvWriteOptions.builder(w).header(true).build());
    }
}
