package org.tinyfit.app.cli;

import org.tinyfit.model.net.Network;

/** Public access to the test's ONNX writer for tests in other packages. */
public final class OnnxExportAccess {
    private OnnxExportAccess() { }

    public static byte[] bytes(Network net, boolean symbolicSteps) {
        return OnnxExport.of(net, symbolicSteps).toByteArray();
    }
}
