package org.tinyfit.model.io;

import java.io.IOException;

/**
 * A file TinyFit cannot read: the message names the file and the problem, on one line (control
 * characters that came from the file, a tensor or node name with a line break, are escaped).
 */
public class TinyfitFormatException extends IOException {
    public TinyfitFormatException(String file, String problem) {
        super(SafeNames.printable(file + ": " + problem));
    }

    public TinyfitFormatException(String file, String problem, Throwable cause) {
        super(SafeNames.printable(file + ": " + problem), cause);
    }
}
