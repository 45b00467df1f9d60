package org.tinyfit.model.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A process for {@link AtomicWriteKillTest} to kill: rewrites a file (and a folder of four) with
 * alternating complete contents, each ending in "END", as fast as it can.
 */
public final class AtomicWriteVictim {
    private AtomicWriteVictim() { }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]), dir = Path.of(args[1]);
        int size = Integer.parseInt(args[2]);
        for (long round = 0; ; round++) {
            String body = String.valueOf((char) ('A' + round % 26)).repeat(size) + "END";
            AtomicWrite.writeString(file, body);
            Map<String, String> files = new LinkedHashMap<>();
            for (String n : new String[] {"tinyfit_model.h", "tinyfit_model.c", "main.c", "test_vector.h"}) files.put(n, body);
            AtomicWrite.writeFolder(dir, files);
            if (round == 0) {
                System.out.println("go");
                System.out.flush();
            }
        }
    }
}
