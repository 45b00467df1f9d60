package org.tinyfit.model.io.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A node's attributes by name, with defaults. */
final class Attrs {
    private final Map<String, AttributeProto> byName = new HashMap<>();

    Attrs(NodeProto n) {
        for (AttributeProto a : n.getAttributeList()) {
            if (!a.getRefAttrName().isEmpty()) throw new OnnxImportError("attribute '" + a.getName() + "' refers to a function attribute, which TinyFit does not read");
            byName.put(a.getName(), a);
        }
    }

    boolean has(String name) { return byName.containsKey(name); }

    AttributeProto get(String name) { return byName.get(name); }

    long i(String name, long def) {
        AttributeProto a = byName.get(name);
        return a == null ? def : a.getI();
    }

    float f(String name, float def) {
        AttributeProto a = byName.get(name);
        return a == null ? def : a.getF();
    }

    String s(String name, String def) {
        AttributeProto a = byName.get(name);
        return a == null ? def : a.getS().toStringUtf8();
    }

    /** The INTS attribute, or null when absent. */
    long[] ints(String name) {
        AttributeProto a = byName.get(name);
        if (a == null) return null;
        return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** The STRINGS attribute, or null when absent. */
    List<String> strings(String name) {
        AttributeProto a = byName.get(name);
        if (a == null) return null;
        return a.getStringsList().stream().map(com.google.protobuf.ByteString::toStringUtf8).toList();
    }

    java.util.Set<String> names() { return byName.keySet(); }
}
