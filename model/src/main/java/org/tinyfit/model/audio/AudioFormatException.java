package org.tinyfit.model.audio;

import java.io.IOException;

/** An audio file TinyFit cannot use; the message names the file and the problem. */
public final class AudioFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public AudioFormatException(String file, String problem) {
        super(file + " " + problem);
    }
}
