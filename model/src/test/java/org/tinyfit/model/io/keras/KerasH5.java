package org.tinyfit.model.io.keras;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes Keras-style {@code .h5} files with jhdf's writer: the root attribute
 * {@code model_config} (a Sequential config) and {@code model_weights/LAYER}
 * groups whose {@code weight_names} attribute lists the weight datasets, as
 * {@code model.save("m.h5")} lays them out (Keras 2 names {@code lstm/lstm_cell/kernel:0},
 * or Keras 3 names {@code sequential/lstm/lstm_cell/kernel}).
 */
final class KerasH5 {
    static final ObjectMapper JSON = new ObjectMapper();
    final ObjectNode root = JSON.createObjectNode();
    final ArrayNode layers;
    final boolean keras3;
    /** layer name to (weight name, value) in order. */
    final Map<String, List<Map.Entry<String, Object>>> weights = new LinkedHashMap<>();

    KerasH5(Integer steps, int features, boolean keras3) {
        this.keras3 = keras3;
        root.put("class_name", "Sequential");
        ObjectNode c = root.putObject("config");
        c.put("name", "sequential");
        layers = c.putArray("layers");
        ObjectNode in = layers.addObject();
        in.put("class_name", "InputLayer");
        ObjectNode ic = in.putObject("config");
        ArrayNode shape = ic.putArray(keras3 ? "batch_shape" : "batch_input_shape");
        shape.addNull();
        if (steps == null) shape.addNull(); else shape.add(steps);
        shape.add(features);
        ic.put("dtype", "float32");
        ic.put("name", "input_1");
    }

    static float[][] rnd(Random r, int rows, int cols, double scale) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) for (int j = 0; j < cols; j++) row[j] = (float) (r.nextGaussian() * scale);
        return m;
    }

    static float[] rnd(Random r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * scale);
        return v;
    }

    ObjectNode layer(String cls, String name) {
        ObjectNode l = layers.addObject();
        if (keras3) l.put("module", "keras.layers");
        l.put("class_name", cls);
        ObjectNode c = l.putObject("config");
        c.put("name", name);
        c.put("trainable", true);
        return c;
    }

    private String weightName(String layer, String cell, String role) {
        String p = cell == null ? layer + "/" + role : layer + "/" + cell + "/" + role;
        return keras3 ? "sequential/" + p : p + ":0";
    }

    void weights(String layer, String cell, Object... roleValue) {
        List<Map.Entry<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < roleValue.length; i += 2) list.add(Map.entry(weightName(layer, cell, (String) roleValue[i]), roleValue[i + 1]));
        weights.put(layer, list);
    }

    ObjectNode rnn(String cls, String name, int units, boolean returnSequences, float[][] k, float[][] rk, Object bias) {
        ObjectNode c = layer(cls, name);
        c.put("units", units);
        c.put("activation", "tanh");
        c.put("recurrent_activation", "sigmoid");
        c.put("use_bias", true);
        c.put("return_sequences", returnSequences);
        c.put("return_state", false);
        c.put("go_backwards", false);
        c.put("stateful", false);
        c.put("unroll", false);
        weights(name, cls.toLowerCase() + "_cell", "kernel", k, "recurrent_kernel", rk, "bias", bias);
        return c;
    }

    ObjectNode dense(String name, int units, String activation, float[][] k, float[] b) {
        ObjectNode c = layer("Dense", name);
        c.put("units", units);
        c.put("activation", activation);
        c.put("use_bias", true);
        weights(name, null, "kernel", k, "bias", b);
        return c;
    }

    void write(Path file) throws Exception {
        try (WritableHdfFile f = HdfFile.write(file)) {
            f.putAttribute("keras_version", keras3 ? "3.4.1" : "2.15.0");
            f.putAttribute("backend", "tensorflow");
            f.putAttribute("model_config", JSON.writeValueAsString(root));
            WritableGroup mw = f.putGroup("model_weights");
            if (!weights.isEmpty()) mw.putAttribute("layer_names", weights.keySet().toArray(String[]::new)); // jhdf cannot write an empty string array
            for (var e : weights.entrySet()) {
                WritableGroup lg = mw.putGroup(e.getKey());
                lg.putAttribute("weight_names", e.getValue().stream().map(Map.Entry::getKey).toArray(String[]::new));
                for (var w : e.getValue()) {
                    String[] parts = w.getKey().split("/");
                    WritableGroup g = lg;
                    for (int i = 0; i < parts.length - 1; i++) {
                        WritableGroup existing = g.getChild(parts[i]) instanceof WritableGroup wg ? wg : null;
                        g = existing != null ? existing : g.putGroup(parts[i]);
                    }
                    g.putDataset(parts[parts.length - 1], w.getValue());
                }
            }
        }
    }
}
