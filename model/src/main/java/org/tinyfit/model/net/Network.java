package org.tinyfit.model.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tinyfit.model.provenance.Provenance;

/**
 * A sequence classifier: stacked RNN layers, the last hidden state, dense layers,
 * logits. Without RNN layers the flattened input (steps*features) feeds the
 * first dense layer. Immutable.
 *
 * @param name       model name
 * @param steps      T, time steps per sample
 * @param features   I, inputs per step
 * @param layers     RNN layers first, then dense layers
 * @param classNames one name per logit
 * @param metadata   free-form description (task, input scale, ...), JSON-compatible values
 * @param provenance where the weights came from: who made them and how, data set and hash, seed, epochs, settings,
 *                   accuracy measured on this model, tool version, date ({@link Provenance#NONE} when unknown)
 * @param datasets   data set role ("eval", "train") to file name relative to the model file
 */
public record Network(String name, int steps, int features, List<Layer> layers, List<String> classNames,
                     Map<String, Object> metadata, Provenance provenance,
                     Map<String, String> datasets) {

    public Network {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("model name must not be empty");
        if (steps <= 0 || features <= 0) throw new IllegalArgumentException("steps and features must be positive, got " + steps + " and " + features);
        if (layers == null || layers.isEmpty()) throw new IllegalArgumentException("model '" + name + "' has no layers");
        layers = List.copyOf(layers);
        boolean seenDense = false;
        int width = features;
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Layer l : layers) {
            if (!names.add(l.name())) throw new IllegalArgumentException("layer name '" + l.name() + "' appears twice");
            if (l instanceof RnnLayer r) {
                if (seenDense) throw new IllegalArgumentException("RNN layer '" + r.name() + "' follows a dense layer; RNN layers come first");
                if (r.inputSize() != width) throw new IllegalArgumentException("layer '" + r.name() + "' expects " + r.inputSize() + " inputs per step but receives " + width);
                width = r.hidden();
            } else {
                if (!seenDense && !(layers.get(0) instanceof RnnLayer)) width = steps * features;
                seenDense = true;
                if (l.inputSize() != width) throw new IllegalArgumentException("layer '" + l.name() + "' expects " + l.inputSize() + " inputs but receives " + width);
                width = l.outputSize();
            }
        }
        if (!(layers.get(layers.size() - 1) instanceof DenseLayer)) {
            throw new IllegalArgumentException("model '" + name + "' must end in a dense layer that produces the logits");
        }
        if (classNames == null || classNames.isEmpty()) {
            List<String> cn = new ArrayList<>();
            for (int i = 0; i < width; i++) cn.add(Integer.toString(i));
            classNames = cn;
        }
        if (classNames.size() != width) throw new IllegalArgumentException("model has " + width + " logits but " + classNames.size() + " class names");
        classNames = List.copyOf(classNames);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
        if (provenance == null) provenance = Provenance.NONE;
        datasets = Collections.unmodifiableMap(new LinkedHashMap<>(datasets == null ? Map.of() : datasets));
    }

    public int classes() { return classNames.size(); }

    public List<RnnLayer> rnnLayers() {
        List<RnnLayer> out = new ArrayList<>();
        for (Layer l : layers) if (l instanceof RnnLayer r) out.add(r);
        return out;
    }

    /** Total parameters: stored kernel values, biases and scalars. */
    public long params() {
        long p = 0;
        for (Layer l : layers) p += l.params();
        return p;
    }

    /** Names of the weight matrices, in layer order ({@code LAYER.kernel}). */
    public List<String> matrixNames() {
        List<String> out = new ArrayList<>();
        for (Layer l : layers) out.add(l.kernelName());
        return out;
    }

    public Optional<Layer> layerOfMatrix(String matrixName) {
        for (Layer l : layers) if (l.kernelName().equals(matrixName)) return Optional.of(l);
        return Optional.empty();
    }

    public Optional<Layer> layer(String layerName) {
        for (Layer l : layers) if (l.name().equals(layerName)) return Optional.of(l);
        return Optional.empty();
    }

    /** A copy with the given layers replaced (same names) and the given provenance. */
    public Network withLayers(List<Layer> newLayers, Provenance newProvenance) {
        return new Network(name, steps, features, newLayers, classNames, metadata, newProvenance, datasets);
    }

    /** A copy with the given provenance. */
    public Network withProvenance(Provenance p) {
        return new Network(name, steps, features, layers, classNames, metadata, p, datasets);
    }

    public Network withName(String newName) {
        return new Network(newName, steps, features, layers, classNames, metadata, provenance, datasets);
    }

    public Network withDatasets(Map<String, String> ds) {
        return new Network(name, steps, features, layers, classNames, metadata, provenance, ds);
    }
}
