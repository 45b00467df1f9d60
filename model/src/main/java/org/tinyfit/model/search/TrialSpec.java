package org.tinyfit.model.search;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * One trial of a search: train the base model under {@code plan} for {@code epochs} (the
 * fidelity) from {@code seed}, on the training set, and measure it on the eval set. The inputs
 * are named by the SHA-256 of their bytes (a {@code .tinyfit} model and two {@code .safetensors}
 * data sets), so a trial means the same thing on every machine and its {@link #key()} is its
 * identity: results are idempotent under it (a trial run twice is counted once).
 *
 * @param searchId    the search this trial belongs to (recorded in provenance; not part of the key)
 * @param modelSha256 hash of the base model file
 * @param trainSha256 hash of the training set file
 * @param evalSha256  hash of the eval set file
 * @param plan        the plan in plan text ({@code PlanText.format}), as the CLI's {@code --plan} takes it
 * @param epochs      training epochs, at least 1
 * @param seed        seed of initialisation, shuffling and dropout
 */
public record TrialSpec(String searchId, String modelSha256, String trainSha256, String evalSha256,
                        String plan, int epochs, long seed) {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Longest plan text a trial accepts (characters). */
    public static final int MAX_PLAN = 16_384;
    /** Most epochs a trial accepts. */
    public static final int MAX_EPOCHS = 10_000;

    public TrialSpec {
        if (searchId == null || !ID.matcher(searchId).matches())
            throw new IllegalArgumentException("search id must be 1-64 of A-Z a-z 0-9 . _ -, got " + quote(searchId));
        hash("model", modelSha256);
        hash("train set", trainSha256);
        hash("eval set", evalSha256);
        if (plan == null || plan.isBlank()) throw new IllegalArgumentException("a trial needs a plan");
        if (plan.length() > MAX_PLAN) throw new IllegalArgumentException("plan text of " + plan.length() + " characters (at most " + MAX_PLAN + ")");
        if (epochs < 1 || epochs > MAX_EPOCHS) throw new IllegalArgumentException("epochs must be 1-" + MAX_EPOCHS + ", got " + epochs);
    }

    private static void hash(String what, String h) {
        if (h == null || !HASH.matcher(h).matches())
            throw new IllegalArgumentException(what + " hash must be 64 lowercase hex digits (SHA-256), got " + quote(h));
    }

    private static String quote(String s) {
        if (s == null) return "nothing";
        return "'" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'";
    }

    /**
     * The trial's identity: SHA-256 (hex) of model hash, train hash, eval hash, plan, epochs and
     * seed, one per line. Two specs with the same key train the same thing.
     */
    public String key() {
        String canon = modelSha256 + "\n" + trainSha256 + "\n" + evalSha256 + "\n" + plan + "\n" + epochs + "\n" + seed;
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(canon.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
