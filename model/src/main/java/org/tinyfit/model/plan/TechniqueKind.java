package org.tinyfit.model.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The registry of compression techniques: each one's id (plan text, JSON, tables,
 * files), its text syntax and its JSON fields. Parsers, views and error messages list
 * techniques from here; the settings and rules of one technique live in its
 * {@link TechniqueSpec} record.
 */
public enum TechniqueKind {
    DENSE("dense", "dense", "Dense", List.of()),
    KP("kp", "kp:M1xN1,M2xN2", "KP", List.of("m1", "n1", "m2", "n2")),
    HKP("hkp", "hkp:R:M1xN1,M2xN2", "Hybrid KP", List.of("r", "m1", "n1", "m2", "n2")),
    DKP("dkp", "dkp:M1xN1,M2xN2:D", "Doped KP", List.of("m1", "n1", "m2", "n2", "density")),
    LMF("lmf", "lmf:R", "Low rank", List.of("rank")),
    PRUNE("prune", "prune:S", "Pruned", List.of("sparsity"));

    private final String id;
    private final String syntax;
    private final String label;
    private final List<String> fields;

    TechniqueKind(String id, String syntax, String label, List<String> fields) {
        this.id = id;
        this.syntax = syntax;
        this.label = label;
        this.fields = fields;
    }

    /** The id used in plans, tables and files, e.g. {@code kp}. */
    public String id() { return id; }

    /** The text syntax, e.g. {@code kp:M1xN1,M2xN2}. */
    public String syntax() { return syntax; }

    /** A short name for people, e.g. {@code Hybrid KP}. */
    public String label() { return label; }

    /** The technique's own JSON fields (besides {@code technique} and {@code bits}). */
    public List<String> fields() { return fields; }

    /** The kind with id {@code id} (case-insensitive), if any. */
    public static Optional<TechniqueKind> byId(String id) {
        if (id == null) return Optional.empty();
        String k = id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.id.equals(k)).findFirst();
    }

    /** Every id, in registry order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(TechniqueKind::id).collect(Collectors.toList());
    }

    /** {@code dense, kp, hkp, dkp, lmf, prune}. */
    public static String idList() { return String.join(", ", ids()); }

    /** {@code dense, kp:M1xN1,M2xN2, ...}: the syntaxes as listed in error messages. */
    public static String syntaxList() {
        return Arrays.stream(values()).map(TechniqueKind::syntax).collect(Collectors.joining(", "));
    }
}
