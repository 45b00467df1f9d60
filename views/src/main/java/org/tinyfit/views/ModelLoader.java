package org.tinyfit.views;

import java.nio.file.Path;
import org.tinyfit.model.net.Network;

/** Reads a model file. Called off the FX thread; may block and may throw with a readable message. */
@FunctionalInterface
public interface ModelLoader {
    Network load(Path path) throws Exception;
}
