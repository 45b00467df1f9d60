package org.tinyfit.model.io.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * TensorProto to {@link Const}: validates the declared dims against the data that
 * is actually present (raw_data or the typed repeated fields) before allocating.
 */
final class OnnxTensors {
    static final int FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5, INT32 = 6, INT64 = 7, STRING = 8,
            BOOL = 9, FLOAT16 = 10, DOUBLE = 11, UINT32 = 12, UINT64 = 13, BFLOAT16 = 16;

    private OnnxTensors() { }

    static boolean isFloatType(int t) { return t == FLOAT || t == DOUBLE || t == FLOAT16 || t == BFLOAT16; }

    static boolean isIntType(int t) {
        return t == UINT8 || t == INT8 || t == UINT16 || t == INT16 || t == INT32 || t == INT64 || t == BOOL || t == UINT32 || t == UINT64;
    }

    static int elementBytes(int t) {
        return switch (t) {
            case UINT8, INT8, BOOL -> 1;
            case UINT16, INT16, FLOAT16, BFLOAT16 -> 2;
            case FLOAT, INT32, UINT32 -> 4;
            case INT64, DOUBLE, UINT64 -> 8;
            default -> 0;
        };
    }

    static String typeName(int t) {
        return switch (t) {
            case FLOAT -> "float32";
            case UINT8 -> "uint8";
            case INT8 -> "int8";
            case UINT16 -> "uint16";
            case INT16 -> "int16";
            case INT32 -> "int32";
            case INT64 -> "int64";
            case STRING -> "string";
            case BOOL -> "bool";
            case FLOAT16 -> "float16";
            case DOUBLE -> "float64";
            case UINT32 -> "uint32";
            case UINT64 -> "uint64";
            case BFLOAT16 -> "bfloat16";
            default -> "data type " + t;
        };
    }

    /** The tensor's values; {@code what} names it in messages. */
    static Const read(TensorProto t, String what) {
        long n = check(t, what);
        long[] dims = dims(t);
        int type = t.getDataType();
        int eb = elementBytes(type);
        boolean isFloat = isFloatType(type);
        int count = (int) n;
        Limits.allocate(dims, isFloat, what);
        if (!t.getRawData().isEmpty()) {
            long have = t.getRawData().size();
            if (have != n * eb) {
                throw new OnnxImportError(what + " declares shape " + Arrays.toString(dims) + " (" + n + " " + typeName(type)
                        + " values, " + n * eb + " bytes) but holds " + have + " bytes of data");
            }
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            if (isFloat) {
                float[] f = new float[count];
                for (int i = 0; i < count; i++) {
                    f[i] = switch (type) {
                        case FLOAT -> b.getFloat();
                        case DOUBLE -> (float) b.getDouble();
                        case FLOAT16 -> halfToFloat(b.getShort() & 0xffff);
                        default -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
                    };
                }
                return Const.floats(dims, f);
            }
            long[] l = new long[count];
            for (int i = 0; i < count; i++) {
                l[i] = switch (type) {
                    case UINT8, BOOL -> b.get() & 0xff;
                    case INT8 -> b.get();
                    case UINT16 -> b.getShort() & 0xffff;
                    case INT16 -> b.getShort();
                    case INT32 -> b.getInt();
                    case UINT32 -> b.getInt() & 0xffffffffL;
                    default -> b.getLong();
                };
            }
            return Const.longs(dims, l);
        }
        int have = switch (type) {
            case FLOAT -> t.getFloatDataCount();
            case DOUBLE -> t.getDoubleDataCount();
            case INT64 -> t.getInt64DataCount();
            case UINT32, UINT64 -> t.getUint64DataCount();
            default -> t.getInt32DataCount();
        };
        if (have != n) {
            throw new OnnxImportError(what + " declares shape " + Arrays.toString(dims) + " (" + n + " values) but holds " + have + " values");
        }
        if (isFloat) {
            float[] f = new float[count];
            for (int i = 0; i < count; i++) {
                f[i] = switch (type) {
                    case FLOAT -> t.getFloatData(i);
                    case DOUBLE -> (float) t.getDoubleData(i);
                    case FLOAT16 -> halfToFloat(t.getInt32Data(i) & 0xffff);
                    default -> Float.intBitsToFloat((t.getInt32Data(i) & 0xffff) << 16);
                };
            }
            return Const.floats(dims, f);
        }
        long[] l = new long[count];
        for (int i = 0; i < count; i++) {
            l[i] = switch (type) {
                case INT64 -> t.getInt64Data(i);
                case UINT32, UINT64 -> t.getUint64Data(i);
                default -> t.getInt32Data(i);
            };
        }
        return Const.longs(dims, l);
    }

    private static long[] dims(TensorProto t) {
        long[] dims = new long[t.getDimsCount()];
        for (int i = 0; i < dims.length; i++) dims[i] = t.getDims(i);
        return dims;
    }

    /**
     * Checks what the tensor declares against what it holds, without allocating: data kept in
     * the file, a readable type, a shape within the limits, exactly the data the shape needs.
     * Returns the number of elements.
     */
    static long check(TensorProto t, String what) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new OnnxImportError(what + " keeps its data in an external file; TinyFit reads models saved as one .onnx file");
        }
        if (t.hasSegment()) throw new OnnxImportError(what + " is a segment of a tensor, which TinyFit does not read");
        long[] dims = dims(t);
        long n = Limits.elements(dims, what);
        int type = t.getDataType();
        int eb = elementBytes(type);
        if (eb == 0) throw new OnnxImportError(what + " has " + typeName(type) + " values, which TinyFit does not read");
        if (!t.getRawData().isEmpty()) {
            long have = t.getRawData().size();
            if (have != n * eb) {
                throw new OnnxImportError(what + " declares shape " + Arrays.toString(dims) + " (" + n + " " + typeName(type)
                        + " values, " + n * eb + " bytes) but holds " + have + " bytes of data");
            }
        } else if (typedCount(t, type) != n) {
            throw new OnnxImportError(what + " declares shape " + Arrays.toString(dims) + " (" + n + " values) but holds " + typedCount(t, type) + " values");
        }
        return n;
    }

    private static long typedCount(TensorProto t, int type) {
        return switch (type) {
            case FLOAT -> t.getFloatDataCount();
            case DOUBLE -> t.getDoubleDataCount();
            case INT64 -> t.getInt64DataCount();
            case UINT32, UINT64 -> t.getUint64DataCount();
            default -> t.getInt32DataCount();
        };
    }

    /** IEEE 754 half precision bits to float. */
    static float halfToFloat(int h) {
        int sign = (h >>> 15) & 1, exp = (h >>> 10) & 0x1f, mant = h & 0x3ff;
        float v;
        if (exp == 0) v = mant * 0x1p-24f;
        else if (exp == 31) v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        else v = Float.intBitsToFloat(((exp - 15 + 127) << 23) | (mant << 13));
        return sign == 1 ? -v : v;
    }
}
