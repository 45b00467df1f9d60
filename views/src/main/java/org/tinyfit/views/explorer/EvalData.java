package org.tinyfit.views.explorer;

import java.nio.file.Path;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.io.DataFiles;
import org.tinyfit.model.net.Network;

/** Finds and reads a model's evaluation set. Called off the fx thread. */
@FunctionalInterface
public interface EvalData {
    /** The evaluation set of {@code net} loaded from {@code modelFile}, or null when it names none. */
    Dataset load(Network net, Path modelFile) throws Exception;

    /** The model's {@code eval} data set, relative to the model file ({@code Network.datasets()}). */
    static EvalData fromModelFile() {
        return (net, file) -> {
            String rel = net.datasets().get("eval");
            if (rel == null || file == null) return null;
            Path parent = file.toAbsolutePath().getParent();
            Path p = parent == null ? Path.of(rel) : parent.resolve(rel);
            // any form a user brings (a .tinyfit names .safetensors; an exported model may name a .csv or .npz beside it)
            return DataFiles.read(p.toString(), new DataFiles.Expect(net.steps(), net.features(), net.classes()));
        };
    }

    static EvalData none() { return (net, file) -> null; }
}
