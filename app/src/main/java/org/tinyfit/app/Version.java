package org.tinyfit.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** TinyFit's version, from the build. */
public final class Version {
    private Version() { }

    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream("/org/tinyfit/app/version.properties")) {
            if (in == null) return "dev";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "dev");
            return v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }
}
