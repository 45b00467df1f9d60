package org.tinyfit.model.io.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinyfit.model.io.ImportOptions;
import org.tinyfit.model.io.TinyfitFormatException;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;
import org.tinyfit.model.provenance.Provenance;

/**
 * Imports an ONNX sequence classifier (as PyTorch's {@code torch.onnx.export}
 * writes it for nn.LSTM / nn.GRU followed by Linear layers) into a {@link Network}.
 * See {@link GraphInterpreter} for what is recognised. RNN layers are named
 * {@code lstm}, {@code lstm2}, {@code gru}, ..., dense layers {@code fc}, {@code fc2}, ...;
 * the classes are 0..K-1. A trailing Softmax is dropped (the logits keep the argmax)
 * and said so in the provenance notes.
 */
public final class OnnxImporter {
    /** Supported default-domain opsets. */
    public static final int MIN_OPSET = 7, MAX_OPSET = 22;

    private OnnxImporter() { }

    public static Network read(Path file) throws IOException {
        return read(file, ImportOptions.DEFAULT);
    }

    public static Network read(Path file, ImportOptions opts) throws IOException {
        String fname = file.toString();
        if (!Files.exists(file)) throw new NoSuchFileException(fname);
        if (Files.isDirectory(file)) throw new TinyfitFormatException(fname, "is a folder, not an ONNX file");
        long size = Files.size(file);
        if (size > Limits.MAX_FILE_BYTES) throw new TinyfitFormatException(fname, "is " + size + " bytes, more than the limit of " + Limits.MAX_FILE_BYTES + " for an ONNX file");
        byte[] bytes = Files.readAllBytes(file);
        return read(bytes, file, opts);
    }

    /** Imports from the file's bytes; {@code file} names it in messages and provenance. */
    public static Network read(byte[] bytes, Path file, ImportOptions opts) throws IOException {
        String fname = file.toString();
        if (bytes.length == 0) throw new TinyfitFormatException(fname, "is empty, not an ONNX model");
        if (bytes.length >= 2 && bytes[0] == 'P' && bytes[1] == 'K') throw new TinyfitFormatException(fname, "is a zip archive (a .tinyfit or .keras file?), not an ONNX model");
        if (bytes.length >= 4 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'H' && bytes[2] == 'D' && bytes[3] == 'F') {
            throw new TinyfitFormatException(fname, "is an HDF5 file (Keras .h5?), not an ONNX model");
        }
        ModelProto model;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setSizeLimit(Integer.MAX_VALUE);
            in.setRecursionLimit(64);
            model = ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new TinyfitFormatException(fname, "is not a valid ONNX model (truncated or corrupt protobuf: " + e.getMessage() + ")");
        } catch (RuntimeException e) {
            throw new TinyfitFormatException(fname, "is not a valid ONNX model (" + e + ")");
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new TinyfitFormatException(fname, "holds no ONNX graph (not an ONNX model, or a truncated one)");
        }
        int opset = -1;
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) opset = (int) Math.min(Integer.MAX_VALUE, o.getVersion());
        }
        if (opset < 0) throw new TinyfitFormatException(fname, "imports no version of the standard ONNX operator set");
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new TinyfitFormatException(fname, "uses ONNX opset " + opset + "; TinyFit imports opsets " + MIN_OPSET + " to " + MAX_OPSET + " (PyTorch's exports use 13-17)");
        }
        GraphInterpreter gi = new GraphInterpreter(model.getGraph(), opset, opts.steps());
        try {
            gi.run();
        } catch (OnnxImportError e) {
            throw new TinyfitFormatException(fname, e.getMessage());
        }
        int steps = steps(gi, opts, fname);
        int features = (int) gi.inputDims[2];
        List<Layer> layers = new ArrayList<>();
        Map<String, String> nodes = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        try {
            for (GraphInterpreter.RnnSpec r : gi.rnn) {
                String name = layerName(r.cell().id(), counts);
                int rows = r.cell().gates() * r.hidden();
                layers.add(new RnnLayer(name, r.cell(), r.input(), r.hidden(), new DenseOp(r.kernel(), rows, r.input() + r.hidden()),
                        r.bias(), r.recurrentBiasH(), r.linearBeforeReset(), null));
                nodes.put(name, r.node());
            }
            for (GraphInterpreter.DenseSpec d : gi.dense) {
                String name = layerName("fc", counts);
                layers.add(new DenseLayer(name, d.in, d.out, new DenseOp(d.w, d.out, d.in), d.b, d.act));
                nodes.put(name, d.node);
            }
            String producer = (model.getProducerName() + " " + model.getProducerVersion()).trim();
            List<String> notes = new ArrayList<>(gi.notes);
            if (opset < 13 || opset > 17) notes.add("opset " + opset + " is outside the tested range 13-17");
            Provenance prov = Provenance.imported(new Provenance.Imported("onnx", file.getFileName().toString(), sha256(bytes),
                    producer.isEmpty() ? "unknown" : producer, (int) opset, model.getIrVersion(), nodes, notes),
                    LocalDate.now(ZoneOffset.UTC).toString());
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("description", "Imported from " + file.getFileName() + " (ONNX" + (producer.isEmpty() ? "" : ", " + producer) + ")");
            meta.put("input", gi.inputName);
            meta.put("input_layout", gi.timeAxis == 1 ? "[batch, steps, features]" : "[steps, batch, features]");
            if (gi.softmaxDropped) meta.put("softmax_dropped", true);
            return new Network(opts.nameFor(file), steps, features, layers, null, meta, prov, Map.of());
        } catch (IllegalArgumentException e) {
            throw new TinyfitFormatException(fname, e.getMessage());
        }
    }

    private static int steps(GraphInterpreter gi, ImportOptions opts, String fname) throws TinyfitFormatException {
        long t = gi.inputDims[gi.timeAxis];
        String dimName = gi.inputDimNames[gi.timeAxis];
        if (t == Const.UNKNOWN) {
            if (opts.steps() == null) {
                throw new TinyfitFormatException(fname, "the time dimension of input '" + gi.inputName + "' is symbolic ('" + dimName
                        + "'); give the number of steps (tinyfit import --steps N)");
            }
            return opts.steps();
        }
        if (opts.steps() != null && opts.steps() != t) {
            throw new TinyfitFormatException(fname, "input '" + gi.inputName + "' has " + t + " steps, but " + opts.steps() + " were asked for");
        }
        return (int) t;
    }

    static String layerName(String base, Map<String, Integer> counts) {
        int k = counts.merge(base, 1, Integer::sum);
        return k == 1 ? base : base + k;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
