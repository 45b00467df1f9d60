package org.tinyfit.model.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TechniquesTest {
    @Test
    void defaultKpOfTheMnistLstmKernelIsTheWidestShapeNear16x() {
        // 512 x 156 at 5,008 values (15.95x): 8x2,64x78 (rank <= 128), 4x4,128x39 and 128x39,4x4 (rank <= 156)
        var s = Techniques.defaultShape(512, 156);
        assertEquals(5008, s.params());
        assertEquals(156, s.rankBound());
        assertEquals(new TechniqueSpec.Kp(4, 4, 128, 39), s.spec());
    }

    @Test
    void hybridRanksSnapToLegalValues() {
        var s = Techniques.defaultShape(512, 156); // C 128 x 39: legal r = 0, 128, 256, 384
        assertEquals(new TechniqueSpec.Hkp(128, 3, 4, 128, 39), Techniques.hybrid(512, 156, s, -1));
        assertEquals(new TechniqueSpec.Hkp(256, 2, 4, 128, 39), Techniques.hybrid(512, 156, s, 200));
        assertEquals(new TechniqueSpec.Hkp(0, 4, 4, 128, 39), Techniques.hybrid(512, 156, s, 10));
    }

    @Test
    void adaptKeepsCompressionOnAnotherShape() {
        var t = Techniques.adapt(new TechniqueSpec.Kp(4, 4, 128, 39), 512, 156, 256, 74);
        // 256 x 74 near 15.95x
        var k = (TechniqueSpec.Kp) t;
        double c = 256.0 * 74 / (k.m1() * k.n1() + k.m2() * k.n2());
        assertEquals(16, c, 6);
        assertEquals(new TechniqueSpec.Lmf(74), Techniques.adapt(new TechniqueSpec.Lmf(100), 512, 156, 256, 74));
    }
}
