package org.tinyfit.views.explorer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.compress.CompressedOp;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.compress.Compressor;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.compress.ProjectionException;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.LinearOp;
import org.tinyfit.model.net.Network;

/**
 * Projected matrices of one network, cached per (matrix, plan entry, activation
 * type): the SVD of a 512 x 156 matrix costs tens of milliseconds, and the
 * accuracy run, the heatmaps and undo all ask for the same projections again.
 * Least recently used entries go first. Thread-safe; the projection itself runs
 * outside the lock (two threads may compute the same entry once each).
 */
public final class ProjectionCache {
    private record Key(String matrix, MatrixPlan plan, boolean int8) { }

    private final Network net;
    private final int capacity;
    private final Map<Key, LinearOp> map;

    public ProjectionCache(Network net, int capacity) {
        this.net = Objects.requireNonNull(net, "net");
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override protected boolean removeEldestEntry(Map.Entry<Key, LinearOp> e) { return size() > ProjectionCache.this.capacity; }
        };
    }

    public Network network() { return net; }

    /** The matrix {@code name} under {@code plan} (projected, quantized), or the stored one when the plan is null. */
    public LinearOp get(String name, MatrixPlan plan, boolean int8) {
        Layer layer = net.layerOfMatrix(name)
                .orElseThrow(() -> new IllegalArgumentException("model '" + net.name() + "' has no matrix '" + name + "'"));
        LinearOp k = layer.kernel();
        if (plan == null) return k instanceof CompressedOp c ? c.withInt8Activations(int8) : k;
        Key key = new Key(name, plan, int8);
        synchronized (map) {
            LinearOp hit = map.get(key);
            if (hit != null) return hit;
        }
        LinearOp op;
        try {
            op = Compressor.compress(k, plan, int8);
        } catch (ProjectionException e) {
            throw new ProjectionException(name + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        } catch (ArithmeticException | IllegalStateException e) {
            throw new ProjectionException(name + ": the projection failed (" + e.getMessage() + ")");
        }
        checkFinite(name, op);
        synchronized (map) {
            map.put(key, op);
        }
        return op;
    }

    /**
     * The network with {@code plan} applied from cached projections (as
     * {@link Compressor#apply}: matrices the plan does not name stay as stored).
     */
    public Network apply(CompressionPlan plan) {
        boolean int8 = plan.activations() == Activations.INT8;
        List<Layer> out = new ArrayList<>(net.layers().size());
        for (Layer l : net.layers()) {
            LinearOp k = get(l.kernelName(), plan.entry(l.kernelName()), int8);
            out.add(k == l.kernel() ? l : l.withKernel(k));
        }
        return net.withLayers(out, net.provenance());
    }

    /** Whether the projection is already cached. */
    public boolean contains(String name, MatrixPlan plan, boolean int8) {
        synchronized (map) {
            return map.containsKey(new Key(name, plan, int8));
        }
    }

    private static void checkFinite(String name, LinearOp op) {
        if (op instanceof CompressedOp c) {
            for (var t : c.tensors()) {
                for (float v : t.values()) {
                    if (!Float.isFinite(v)) {
                        throw new ProjectionException(name + ": the projection produced " + (Float.isNaN(v) ? "NaN" : "infinite")
                                + " values in tensor '" + t.role() + "'");
                    }
                }
            }
        }
    }
}
