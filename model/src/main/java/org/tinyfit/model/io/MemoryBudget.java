package org.tinyfit.model.io;

/**
 * How many bytes a reader may hold for one file's contents, against what this process can
 * afford: a quarter of the largest heap the JVM may use ({@code Runtime.maxMemory()}, set by
 * {@code -Xmx}), capped by the format's own limit. A reader reserves every array it is about
 * to keep alive before it allocates it, so a hostile file ends in a message that says how
 * much it wanted, never in an out-of-memory error. One budget is used by one reader on one
 * thread; it is not thread-safe.
 */
public final class MemoryBudget {
    /** The share of the maximum heap one file's contents may take (the rest: copies, the UI, the other models). */
    static final int HEAP_SHARE = 4;

    private final long limit;
    private final long formatLimit;
    private long used;

    /** A budget of {@link #affordable()} bytes, at most {@code formatLimit}. */
    public MemoryBudget(long formatLimit) {
        this(formatLimit, affordable());
    }

    /** A budget of {@code min(formatLimit, affordable)} bytes (tests give a small {@code affordable}). */
    public MemoryBudget(long formatLimit, long affordable) {
        this.formatLimit = formatLimit;
        this.limit = Math.min(formatLimit, affordable);
    }

    /** Bytes one file may take in this process: a quarter of {@code Runtime.maxMemory()}. */
    public static long affordable() {
        return Runtime.getRuntime().maxMemory() / HEAP_SHARE;
    }

    public long limit() { return limit; }

    public long used() { return used; }

    public long remaining() { return limit - used; }

    /**
     * Counts {@code bytes} more as held; refuses, with what and how much, when that would pass
     * the limit. The message says whether the format's limit or this process's heap stopped it.
     */
    public void reserve(long bytes, String what) {
        if (bytes < 0) throw new Exceeded(what + " has a negative size");
        if (bytes > limit - used) {
            String why = limit < formatLimit
                    ? "more than this process can afford (" + mb(limit) + " of its " + mb(Runtime.getRuntime().maxMemory())
                    + " heap; give Java more memory with -Xmx)"
                    : "more than the limit of " + mb(limit);
            throw new Exceeded(what + " needs " + mb(bytes) + (used > 0 ? " beside the " + mb(used) + " already held" : "") + ", " + why);
        }
        used += bytes;
    }

    /** Gives back bytes that are no longer held. */
    public void release(long bytes) {
        used = Math.max(0, used - bytes);
    }

    /** Sizes in messages: bytes below 10 KB, else KB or MB with one decimal. */
    public static String mb(long bytes) {
        if (bytes < 10_000) return bytes + " bytes";
        if (bytes < 10L << 20) return String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0);
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    /** A reservation that does not fit; readers turn it into a message naming the file. */
    public static final class Exceeded extends IllegalStateException {
        public Exceeded(String message) { super(message); }
    }
}
