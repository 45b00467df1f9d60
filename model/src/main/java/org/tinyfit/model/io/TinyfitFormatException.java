package org.tinyfit.model.io;

import java.io.IOException;

/** A file TinyFit cannot read: the message names the file and the problem. */
public class TinyfitFormatException extends IOException {
    public TinyfitFormatException(String file, String problem) {
        super(file + ": " + problem);
    }

    public TinyfitFormatException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
