package org.tinyfit.model.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseLayer;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;

class PlanTextTest {
    /** The shape of the mnist-lstm sample: lstm.kernel 512x156, fc.kernel 10x128. */
    static final Network NET = new Network("mnist-like", 28, 28, List.of(
            new RnnLayer("lstm", CellType.LSTM, 28, 128, new DenseOp(new float[512 * 156], 512, 156),
                    new float[512], null, false, null),
            new DenseLayer("fc", 128, 10, new DenseOp(new float[10 * 128], 10, 128), new float[10], Activation.NONE)),
            null, null, null, null);

    private static MatrixPlan mp(TechniqueSpec t, int bits) { return new MatrixPlan(t, bits); }

    private static CompressionPlan plan(Activations a, Object... kv) {
        Map<String, MatrixPlan> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (MatrixPlan) kv[i + 1]);
        return new CompressionPlan(m, a);
    }

    private static String error(String text) {
        return assertThrows(PlanException.class, () -> PlanText.parse(text, NET)).getMessage();
    }

    private static void contains(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "expected '" + p + "' in: " + message);
    }

    @Test
    void everyTechniqueParsesToItsRecordAndFormatsBack() {
        Object[][] cases = {
            {"lstm.kernel=kp:8x4,64x39/int8", new TechniqueSpec.Kp(8, 4, 64, 39), 8},
            {"lstm.kernel=hkp:64:7x4,64x39/int4", new TechniqueSpec.Hkp(64, 7, 4, 64, 39), 4},
            {"lstm.kernel=dkp:8x4,64x39:0.01/int16", new TechniqueSpec.Dkp(8, 4, 64, 39, 0.01), 16},
            {"fc.kernel=lmf:5/int2", new TechniqueSpec.Lmf(5), 2},
            {"fc.kernel=prune:0.9", new TechniqueSpec.Pruned(0.9), 32},
            {"fc.kernel=dense/int3", new TechniqueSpec.Dense(), 3},
            {"fc.kernel=dense", new TechniqueSpec.Dense(), 32},
        };
        for (Object[] c : cases) {
            String text = (String) c[0];
            String name = text.substring(0, text.indexOf('='));
            CompressionPlan expected = plan(Activations.FLOAT32, name, mp((TechniqueSpec) c[1], (Integer) c[2]));
            assertEquals(expected, PlanText.parse(text), text);
            assertEquals(expected, PlanText.parse(text, NET), text);
            assertEquals(text, PlanText.format(expected));
            assertEquals(expected, PlanText.parse(PlanText.format(expected)));
        }
    }

    @Test
    void everyBitWidthRoundTrips() {
        int[] bits = {2, 3, 4, 5, 6, 7, 8, 16, 32};
        for (int b : bits) {
            CompressionPlan p = plan(Activations.INT8, "lstm.kernel", mp(new TechniqueSpec.Kp(16, 12, 32, 13), b),
                    "fc.kernel", mp(new TechniqueSpec.Pruned(0.75), b));
            String text = PlanText.format(p);
            String suffix = b == 32 ? "" : "/int" + b;
            assertEquals("lstm.kernel=kp:16x12,32x13" + suffix + ";fc.kernel=prune:0.75" + suffix + ";activations=int8", text);
            assertEquals(p, PlanText.parse(text));
        }
        assertEquals(32, PlanText.parse("fc.kernel=lmf:3/float32").forMatrix("fc.kernel").bits());
    }

    @Test
    void numbersAreWrittenWithoutTrailingZerosOrExponents() {
        assertEquals("fc.kernel=prune:0.5", PlanText.format(PlanText.parse("fc.kernel=prune:0.50")));
        assertEquals("fc.kernel=prune:0", PlanText.format(PlanText.parse("fc.kernel=prune:0.0")));
        assertEquals("fc.kernel=prune:0.5", PlanText.format(PlanText.parse("fc.kernel=prune:.5")));
        assertEquals("fc.kernel=prune:0.0001", PlanText.format(PlanText.parse("fc.kernel=prune:1e-4")));
        assertEquals("lstm.kernel=dkp:8x4,64x39:1", PlanText.format(PlanText.parse("lstm.kernel=dkp:8x4,64x39:1.000")));
        assertEquals("lstm.kernel=dkp:8x4,64x39:0.00123", PlanText.format(PlanText.parse("lstm.kernel=dkp:8x4,64x39:0.00123")));
        double[] values = {0.1, 0.2 + 0.1, 1.0 / 3, 0.999999, 1e-7, 0.125};
        for (double v : values) {
            CompressionPlan p = plan(Activations.FLOAT32, "fc.kernel", mp(new TechniqueSpec.Pruned(v), 32));
            assertEquals(p, PlanText.parse(PlanText.format(p)), Double.toString(v));
            assertTrue(!PlanText.format(p).contains("E"), PlanText.format(p));
        }
    }

    @Test
    void whitespaceCaseAndEmptyEntriesAreTolerated() {
        CompressionPlan canonical = PlanText.parse("lstm.kernel=kp:8x4,64x39/int8;fc.kernel=dense;activations=int8");
        CompressionPlan loose = PlanText.parse("  lstm.kernel = KP: 8x4 , 64X39 / INT8 ;\n\tfc.kernel=Dense ; ; activations = INT8;");
        assertEquals(canonical, loose);
        assertEquals(CompressionPlan.none(), PlanText.parse(""));
        assertEquals(CompressionPlan.none(), PlanText.parse(" ; "));
        assertEquals("", PlanText.format(CompressionPlan.none()));
        assertEquals(Activations.FLOAT32, PlanText.parse("activations=float32").activations());
    }

    @Test
    void starExpandsToEveryMatrixAndLaterEntriesOverride() {
        MatrixPlan prune = mp(new TechniqueSpec.Pruned(0.9), 32);
        MatrixPlan dense = MatrixPlan.dense();
        // syntax only: * is kept, first
        CompressionPlan p = PlanText.parse("*=prune:0.9;fc.kernel=dense");
        assertEquals(List.of("*", "fc.kernel"), List.copyOf(p.matrices().keySet()));
        assertEquals("*=prune:0.9;fc.kernel=dense", PlanText.format(p));
        // with the network: one entry per matrix, in network order
        CompressionPlan e = PlanText.parse("*=prune:0.9;fc.kernel=dense", NET);
        assertEquals(plan(Activations.FLOAT32, "lstm.kernel", prune, "fc.kernel", dense), e);
        assertEquals(List.of("lstm.kernel", "fc.kernel"), List.copyOf(e.matrices().keySet()));
        // a later * overrides what came before it
        assertEquals(plan(Activations.FLOAT32, "lstm.kernel", prune, "fc.kernel", prune),
                PlanText.parse("fc.kernel=dense;*=prune:0.9", NET));
        assertEquals(List.of("*"), List.copyOf(PlanText.parse("fc.kernel=dense;*=prune:0.9").matrices().keySet()));
        assertEquals(plan(Activations.FLOAT32, "lstm.kernel", mp(new TechniqueSpec.Lmf(4), 8), "fc.kernel", mp(new TechniqueSpec.Lmf(4), 8)),
                PlanText.parse("*=prune:0.5;lstm.kernel=kp:8x4,64x39;*=lmf:4/int8", NET));
        // a later entry for the same matrix wins
        assertEquals(plan(Activations.FLOAT32, "fc.kernel", mp(new TechniqueSpec.Lmf(3), 32)),
                PlanText.parse("fc.kernel=lmf:2;fc.kernel=lmf:3", NET));
        // * is checked only against the matrices no other entry names
        CompressionPlan kpAll = PlanText.parse("*=kp:8x4,64x39;fc.kernel=dense", NET);
        assertEquals(new TechniqueSpec.Kp(8, 4, 64, 39), kpAll.forMatrix("lstm.kernel").technique());
        contains(error("*=kp:8x4,64x39"), "fc.kernel is 10x128", "*=kp:8x4,64x39");
        // format writes * first whatever the map order; parsing it back gives an equal plan
        CompressionPlan odd = plan(Activations.FLOAT32, "fc.kernel", dense, "*", prune);
        assertEquals("*=prune:0.9;fc.kernel=dense", PlanText.format(odd));
        assertEquals(odd, PlanText.parse(PlanText.format(odd)));
        // expand leaves a plan without * alone
        CompressionPlan plain = PlanText.parse("fc.kernel=lmf:2");
        assertEquals(plain, PlanText.expand(plain, NET));
    }

    @Test
    void unknownMatrixListsTheModelsMatrices() {
        String m = error("lstm.kernal=dense");
        contains(m, "unknown matrix 'lstm.kernal'", "lstm.kernel (512x156)", "fc.kernel (10x128)");
        contains(error("lstm=kp:8x4,64x39"), "did you mean lstm.kernel?");
        contains(assertThrows(PlanException.class, () -> PlanText.parse("bad name!=dense")).getMessage(), "is not a matrix name");
    }

    private static final Pattern EXAMPLE = Pattern.compile("e\\.g\\. ([a-z]+:[0-9x,:.]+)");

    /** The example a message proposes must itself be valid for the matrix. */
    private static void exampleIsValid(String matrix, String message) {
        Matcher mt = EXAMPLE.matcher(message);
        assertTrue(mt.find(), message);
        PlanText.parse(matrix + "=" + mt.group(1), NET);
    }

    @Test
    void kpShapeThatDoesNotDivideSaysWhatWould() {
        String m = error("lstm.kernel=kp:8x4,64x40/int8");
        contains(m, "lstm.kernel=kp:8x4,64x40/int8", "lstm.kernel is 512x156: M1*M2 must equal 512 and N1*N2 must equal 156",
                "e.g. kp:8x4,64x39", "tinyfit shapes mnist-like lstm.kernel",
                "divisors of 512: 1, 2, 4, 8, 16, 32, 64, 128, 256, 512", "of 156: 1, 2, 3, 4, 6, 12, 13, 26, 39, 52, 78, 156");
        // nothing divides: the example is the shape with the fewest values
        String m2 = error("lstm.kernel=kp:5x7,100x23");
        exampleIsValid("lstm.kernel", m2);
        // C's sizes divide: the example keeps C
        contains(error("lstm.kernel=kp:3x5,128x12"), "e.g. kp:4x13,128x12");
        exampleIsValid("fc.kernel", error("fc.kernel=kp:3x3,3x3"));
        String d = error("lstm.kernel=dkp:8x4,64x40:0.02");
        contains(d, "e.g. dkp:8x4,64x39:0.02", "M1*M2 must equal 512");
    }

    @Test
    void hybridRankErrorsNameTheLegalRanks() {
        contains(error("lstm.kernel=hkp:600:8x4,64x39"), "hkp dense rows R must be in 0..511, got 600");
        String m = error("lstm.kernel=hkp:10:8x4,64x39");
        contains(m, "with C of 64 rows the legal R are 0, 64, 128, 192, 256, 320, 384, 448", "e.g. hkp:0:8x4,64x39");
        exampleIsValid("lstm.kernel", m);
        String m2 = error("lstm.kernel=hkp:100:7x4,64x39");
        contains(m2, "e.g. hkp:128:6x4,64x39");
        exampleIsValid("lstm.kernel", m2);
        // C of one row: every r is legal; the list is abbreviated
        contains(error("lstm.kernel=hkp:1:8x4,1x39"), "0, 1, 2, 3, 4, 5, 6, 7, ..., 510, 511 (512 values)");
        String cols = error("lstm.kernel=hkp:64:7x4,64x40");
        contains(cols, "N1*N2 must equal 156", "divisors of 156");
        exampleIsValid("lstm.kernel", cols);
        contains(error("fc.kernel=hkp:0:1x1,20x128"), "C has 20 rows, more than the 10 rows");
        // a legal one
        assertEquals(new TechniqueSpec.Hkp(2, 2, 128, 4, 1),
                PlanText.parse("fc.kernel=hkp:2:2x128,4x1", NET).forMatrix("fc.kernel").technique());
    }

    @Test
    void rangeErrorsSayTheRange() {
        contains(error("lstm.kernel=dkp:8x4,64x39:0"), "density D must be in (0, 1]", "got 0");
        contains(error("lstm.kernel=dkp:8x4,64x39:1.5"), "density D must be in (0, 1]");
        contains(error("fc.kernel=lmf:0"), "lmf rank R must be at least 1");
        contains(error("lstm.kernel=lmf:157"), "lstm.kernel is 512x156: lmf rank R must be in 1..156, got 157");
        contains(error("fc.kernel=lmf:11"), "must be in 1..10");
        contains(error("fc.kernel=prune:1"), "prune sparsity S must be in [0, 1)");
        contains(error("fc.kernel=prune:-0.1"), "plan entry 'fc.kernel=prune:-0.1'", "must be a decimal number");
        for (String b : new String[] {"int9", "int32", "int1", "float16", "int", "8", ""}) {
            contains(error("fc.kernel=dense/" + b), "bit width '" + b + "' is not supported",
                    "int2, int3, int4, int5, int6, int7, int8, int16 or float32");
        }
        contains(error("activations=int4"), "activations must be int8 or float32");
    }

    @Test
    void syntaxErrorsNameTheEntryAndTheValidForm() {
        contains(error("lstm.kernel=svd:3"), "unknown technique 'svd'", PlanText.TECHNIQUES);
        contains(error("lstm.kernel="), "technique is missing", PlanText.TECHNIQUES);
        contains(error("lstm.kernel=kp:8x4"), "plan entry 'lstm.kernel=kp:8x4'", "kp:M1xN1,M2xN2");
        contains(error("lstm.kernel=kp:8x4,64"), "factor shape C '64' must be ROWSxCOLS");
        contains(error("lstm.kernel=kp:0x4,128x39"), "B rows must be at least 1");
        contains(error("lstm.kernel=kp"), "kp takes two factor shapes");
        contains(error("lstm.kernel=hkp:8x4,64x39"), "hkp:R:M1xN1,M2xN2");
        contains(error("lstm.kernel=hkp:x:8x4,64x39"), "hkp dense rows R must be a whole number, got 'x'");
        contains(error("lstm.kernel=dkp:8x4,64x39"), "dkp:M1xN1,M2xN2:D");
        contains(error("fc.kernel=lmf:3.5"), "plan entry 'fc.kernel=lmf:3.5'", "lmf rank R must be a whole number");
        contains(error("fc.kernel=lmf:99999999999"), "too large");
        contains(error("fc.kernel=prune:abc"), "plan entry 'fc.kernel=prune:abc'", "prune sparsity S must be a decimal number");
        contains(error("fc.kernel=prune:NaN"), "must be a decimal number");
        contains(error("fc.kernel=prune:0.5f"), "must be a decimal number");
        contains(error("fc.kernel=dense:3"), "dense takes no settings");
        contains(error("lstm.kernel kp:8x4,64x39"), "must be MATRIX=TECHNIQUE");
        assertTrue(IllegalArgumentException.class.isAssignableFrom(PlanException.class));
    }

    @Test
    void validateChecksPlansBuiltInCode() {
        // settings are checked when a spec is built, shapes when a plan meets its network
        contains(assertThrows(PlanException.class, () -> new TechniqueSpec.Pruned(1.2)).getMessage(), "[0, 1)", "got 1.2");
        contains(assertThrows(PlanException.class, () -> new TechniqueSpec.Dkp(8, 4, 64, 39, 0)).getMessage(), "(0, 1]");
        contains(assertThrows(PlanException.class, () -> new TechniqueSpec.Kp(0, 4, 64, 39)).getMessage(), "at least 1");
        contains(assertThrows(PlanException.class, () -> new TechniqueSpec.Hkp(-1, 8, 4, 64, 39)).getMessage(), "0 or more");
        contains(assertThrows(PlanException.class, () -> new TechniqueSpec.Lmf(0)).getMessage(), "at least 1");
        CompressionPlan bad = plan(Activations.FLOAT32, "lstm.kernel", mp(new TechniqueSpec.Kp(8, 4, 32, 39), 32));
        contains(assertThrows(PlanException.class, () -> PlanText.validate(bad, NET)).getMessage(), "M1*M2 must equal 512");
        CompressionPlan ok = plan(Activations.INT8, "lstm.kernel", mp(new TechniqueSpec.Kp(16, 12, 32, 13), 8));
        PlanText.validate(ok, NET);
    }
}
