package org.tinyfit.model.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.io.Safetensors.DType;
import org.tinyfit.model.io.Safetensors.Tensor;

/**
 * Data sets as safetensors: {@code x} (U8 or F32, shape [N, T, I]), {@code y}
 * (U8 or I32, [N]) and {@code __metadata__} with {@code scale} (network input =
 * stored x * scale), {@code class_names} (a JSON array as a string),
 * {@code source}, {@code licence} and any other string entries.
 */
public final class DatasetFile {
    private DatasetFile() { }

    public static Dataset read(Path file) throws IOException {
        String name = file.toString();
        Safetensors.Contents c = Safetensors.read(file);
        Tensor x = c.tensors().get("x");
        Tensor y = c.tensors().get("y");
        if (x == null) throw new TinyfitFormatException(name, "no tensor 'x' (inputs [N, T, I]); tensors: " + c.tensors().keySet());
        if (y == null) throw new TinyfitFormatException(name, "no tensor 'y' (labels [N]); tensors: " + c.tensors().keySet());
        if (x.rank() != 3) throw new TinyfitFormatException(name, "x must have shape [N, T, I], got rank " + x.rank());
        if (y.rank() != 1) throw new TinyfitFormatException(name, "y must have shape [N], got rank " + y.rank());
        if (x.dtype() != DType.U8 && x.dtype() != DType.F32) throw new TinyfitFormatException(name, "x must be U8 or F32, got " + x.dtype());
        if (y.dtype() != DType.U8 && y.dtype() != DType.I32) throw new TinyfitFormatException(name, "y must be U8 or I32, got " + y.dtype());
        long n = x.shape()[0];
        if (y.shape()[0] != n) throw new TinyfitFormatException(name, "x has " + n + " samples but y has " + y.shape()[0]);
        if (x.shape()[1] <= 0 || x.shape()[2] <= 0) throw new TinyfitFormatException(name, "x has an empty step or feature dimension");
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        float scale = 1f;
        String sc = meta.remove("scale");
        if (sc != null) {
            try {
                scale = Float.parseFloat(sc);
            } catch (NumberFormatException e) {
                throw new TinyfitFormatException(name, "metadata scale '" + sc + "' is not a number");
            }
            if (!(scale > 0) || Float.isInfinite(scale)) throw new TinyfitFormatException(name, "metadata scale must be a positive finite number, got " + sc);
        }
        List<String> classes = new ArrayList<>();
        String cn = meta.remove("class_names");
        if (cn != null) {
            try {
                JsonNode a = Safetensors.JSON.readTree(cn);
                if (a == null || !a.isArray()) throw new TinyfitFormatException(name, "metadata class_names must be a JSON array of strings");
                for (JsonNode s : a) {
                    if (!s.isTextual()) throw new TinyfitFormatException(name, "metadata class_names must be a JSON array of strings");
                    classes.add(s.asText());
                }
            } catch (JsonProcessingException e) {
                throw new TinyfitFormatException(name, "metadata class_names is not valid JSON (" + e.getOriginalMessage() + ")");
            }
        }
        int[] labels = y.toInts();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) throw new TinyfitFormatException(name, "label " + labels[i] + " of sample " + i + " is negative");
            if (!classes.isEmpty() && labels[i] >= classes.size()) {
                throw new TinyfitFormatException(name, "label " + labels[i] + " of sample " + i + " is outside the " + classes.size() + " class names");
            }
        }
        String dsName = file.getFileName().toString().replaceFirst("\\.safetensors$", "");
        try {
            return new Dataset(dsName, (int) n, (int) x.shape()[1], (int) x.shape()[2],
                    x.dtype() == DType.U8 ? x.data() : null, x.dtype() == DType.F32 ? x.toFloats() : null,
                    labels, scale, classes, meta);
        } catch (IllegalArgumentException e) {
            throw new TinyfitFormatException(name, e.getMessage());
        }
    }

    public static void write(Dataset d, Path file) throws IOException {
        List<Tensor> ts = new ArrayList<>();
        long[] xs = {d.n(), d.steps(), d.features()};
        ts.add(d.xU8() != null ? Tensor.bytes("x", d.xU8(), false, xs) : Tensor.f32("x", d.xF32(), xs));
        int maxLabel = 0;
        for (int v : d.y()) maxLabel = Math.max(maxLabel, v);
        if (maxLabel < 256) {
            byte[] yb = new byte[d.n()];
            for (int i = 0; i < d.n(); i++) yb[i] = (byte) d.y()[i];
            ts.add(Tensor.bytes("y", yb, false, d.n()));
        } else {
            ts.add(Tensor.i32("y", d.y(), d.n()));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("scale", Float.toString(d.scale()));
        if (!d.classNames().isEmpty()) {
            try {
                meta.put("class_names", Safetensors.JSON.writeValueAsString(d.classNames()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        for (var e : d.metadata().entrySet()) {
            if (!e.getKey().equals("scale") && !e.getKey().equals("class_names")) meta.put(e.getKey(), e.getValue());
        }
        Safetensors.write(file, ts, meta);
    }

    /** SHA-256 of a file, lower-case hex (for provenance). */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) md.update(buf, 0, r);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
