package org.tinyfit.model.io.cexport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.TestNets;

class CExportTest {
    @TempDir Path dir;

    @Test
    void smokeLstmKpInt8() throws Exception {
        CExportHarness.assumeGcc();
        Network net = TestNets.classifier(1, 5, 6, 4, 8, CellType.LSTM);
        var o = CExportHarness.check("lstm-kp-int8", net, "rnn0.kernel=kp:" + CExportHarness.kp(32, 14, true) + "/int8;activations=int8", dir);
        System.out.println(o);
        assertEquals(o.logits(), o.identical());
    }
}
