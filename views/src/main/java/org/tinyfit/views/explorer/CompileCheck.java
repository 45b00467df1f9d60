package org.tinyfit.views.explorer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tinyfit.model.device.Device;
import org.tinyfit.model.ontarget.Core;
import org.tinyfit.views.Formats;

/**
 * After a C export: compiles tinyfit_model.c for the device's core with arm-none-eabi-gcc -Os and
 * reports the object's sizes (text: code and constant weights, in flash; bss and data: static
 * buffers, in SRAM); without that toolchain, a compile check with the host's cc. Runs off the fx
 * thread; a missing compiler is said, not an error.
 */
final class CompileCheck {
    static final String CROSS = "arm-none-eabi-gcc";
    static final String CROSS_SIZE = "arm-none-eabi-size";

    private CompileCheck() { }

    /** Whether a compiler is on the PATH (the check is offered only then). */
    static boolean available() { return onPath(CROSS) != null || onPath("cc") != null; }

    static Path onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, exe);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** The sentence the export message ends with. */
    static String run(Path dir, Device device) {
        try {
            Path cross = onPath(CROSS);
            if (cross != null) {
                Core core = TargetCheck.coreFor(device);
                List<String> cmd = new ArrayList<>(List.of(cross.toString(), "-std=c99", "-Os", "-c", "tinyfit_model.c", "-o", "tinyfit_model.o"));
                cmd.addAll(2, core.cpuFlags());
                String err = exec(dir, cmd);
                if (err != null) return "Compile check (" + CROSS + ", " + core.id() + ") failed: " + err;
                Path size = onPath(CROSS_SIZE);
                String sizes = size == null ? null : sizes(dir, size);
                return "Compiled with " + CROSS + " -Os for " + core.id() + (sizes == null ? "" : ": " + sizes) + ".";
            }
            Path cc = onPath("cc");
            if (cc == null) return "No compile check: no C compiler on the PATH.";
            String err = exec(dir, List.of(cc.toString(), "-std=c99", "-c", "tinyfit_model.c", "-o", "tinyfit_model.o"));
            return err == null ? "Compiles with the host's cc (no size report: " + CROSS + " is not on the PATH)."
                    : "Compile check (cc) failed: " + err;
        } catch (IOException e) {
            return "Compile check could not run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Compile check interrupted.";
        } finally {
            try {
                Files.deleteIfExists(dir.resolve("tinyfit_model.o"));
            } catch (IOException ignored) {
                // a leftover object file harms nothing
            }
        }
    }

    /** "text 12,345 B (code and constant weights, flash), data 0 B, bss 7,200 B (static buffers, SRAM)". */
    private static String sizes(Path dir, Path size) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(size.toString(), "tinyfit_model.o").directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
        String[] lines = out.strip().split("\n");
        if (lines.length < 2) return null;
        String[] f = lines[1].trim().split("\\s+");
        if (f.length < 3) return null;
        try {
            long text = Long.parseLong(f[0]), data = Long.parseLong(f[1]), bss = Long.parseLong(f[2]);
            return "text " + Formats.integer(text) + " B (code and constant weights, flash), data " + Formats.integer(data)
                    + " B, bss " + Formats.integer(bss) + " B (static buffers, SRAM)";
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Runs {@code cmd} in {@code dir}; null when it succeeded, else the first line of its output. */
    private static String exec(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        if (p.exitValue() == 0) return null;
        String first = out.strip().isEmpty() ? "exit " + p.exitValue() : out.strip().lines().findFirst().orElse("");
        return first.length() > 300 ? first.substring(0, 300) + "\u2026" : first;
    }
}
