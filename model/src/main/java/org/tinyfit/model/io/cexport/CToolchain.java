package org.tinyfit.model.io.cexport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs C compilers on exported code: the host {@code gcc} (build and run the example)
 * and, when installed, {@code arm-none-eabi-gcc} (Debian package gcc-arm-none-eabi, with
 * libnewlib-arm-none-eabi for the C library headers) for a Cortex-M4 size report.
 */
public final class CToolchain {
    /** Warnings as errors, as the issue asks; -std=c99 also keeps GCC from fusing multiply-adds. */
    public static final List<String> HOST_FLAGS = List.of("-std=c99", "-Wall", "-Wextra", "-Werror", "-O2");
    /** Cortex-M4 with its single-precision FPU, optimised for size. */
    public static final List<String> ARM_FLAGS = List.of("-std=c99", "-Wall", "-Wextra", "-Werror", "-mcpu=cortex-m4", "-mthumb",
            "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16", "-Os");
    public static final String ARM_GCC = "arm-none-eabi-gcc";
    public static final String ARM_SIZE = "arm-none-eabi-size";

    private CToolchain() { }

    /** Output of a process. */
    public record Run(int code, String out) {
        public boolean ok() { return code == 0; }
    }

    /** Whether {@code tool --version} runs. */
    public static boolean available(String tool) {
        try {
            return run(List.of(tool, "--version"), null, 20).ok();
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a command (stderr merged into stdout), waiting at most {@code timeoutSeconds}. */
    public static Run run(List<String> cmd, Path dir, long timeoutSeconds) throws IOException {
        // output goes to a file, so that a process that never closes it cannot outlast the timeout
        Path log = java.nio.file.Files.createTempFile("tinyfit-run", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            if (dir != null) pb.directory(dir.toFile());
            Process p = pb.start();
            boolean done;
            try {
                done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + cmd.get(0));
            }
            if (!done) p.destroyForcibly();
            String out = java.nio.file.Files.readString(log, StandardCharsets.UTF_8);
            return done ? new Run(p.exitValue(), out) : new Run(-1, out + "\n(timed out after " + timeoutSeconds + " s)");
        } finally {
            java.nio.file.Files.deleteIfExists(log);
        }
    }

    /**
     * Builds {@code dir}'s example with the host gcc: tinyfit_model.c to tinyfit_model.o,
     * then main.c linked with it to {@code dir/tinyfit_test}.
     */
    public static Run buildHost(Path dir) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("gcc"));
        cmd.addAll(HOST_FLAGS);
        cmd.addAll(List.of("-c", "-o", "tinyfit_model.o", CExport.SOURCE));
        Run c = run(cmd, dir, 300);
        if (!c.ok()) return c;
        cmd = new ArrayList<>(List.of("gcc"));
        cmd.addAll(HOST_FLAGS);
        cmd.addAll(List.of("-o", "tinyfit_test", CExport.MAIN, "tinyfit_model.o", "-lm"));
        return run(cmd, dir, 300);
    }

    /**
     * Bytes of the zero-initialised static variables (bss symbols) of an object file, from
     * {@code nm -S}: the exact sizes of the arrays, without section alignment padding.
     */
    public static long staticDataBytes(Path object, String nm) throws IOException {
        Run r = run(List.of(nm, "-S", object.toString()), null, 60);
        if (!r.ok()) throw new IOException(nm + " failed: " + r.out());
        long sum = 0;
        for (String line : r.out().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4 && "bB".indexOf(f[2].charAt(0)) >= 0) sum += Long.parseLong(f[1], 16);
        }
        return sum;
    }

    /** Section sizes of a Cortex-M4 object of the model, as arm-none-eabi-size -A reports them. */
    public record ArmSizes(long text, long rodata, long data, long bss, Map<String, Long> sections) { }

    /** Compiles {@code dir}'s tinyfit_model.c for Cortex-M4 and measures its sections. */
    public static ArmSizes armSizes(Path dir) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ARM_GCC));
        cmd.addAll(ARM_FLAGS);
        cmd.addAll(List.of("-c", "-o", "tinyfit_model_m4.o", CExport.SOURCE));
        Run c = run(cmd, dir, 600);
        if (!c.ok()) throw new IOException(ARM_GCC + " failed:\n" + c.out());
        Run s = run(List.of(ARM_SIZE, "-A", "tinyfit_model_m4.o"), dir, 60);
        if (!s.ok()) throw new IOException(ARM_SIZE + " failed:\n" + s.out());
        return parseSizeA(s.out());
    }

    /** Parses {@code size -A}: .text*, .rodata*, .data*, .bss* (and COMMON) summed by prefix. */
    static ArmSizes parseSizeA(String out) {
        Map<String, Long> sec = new LinkedHashMap<>();
        long text = 0, ro = 0, data = 0, bss = 0;
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || !f[0].startsWith(".") && !f[0].equals("COMMON")) continue;
            long v;
            try {
                v = Long.parseLong(f[1]);
            } catch (NumberFormatException e) {
                continue;
            }
            sec.put(f[0], v);
            if (f[0].startsWith(".text")) text += v;
            else if (f[0].startsWith(".rodata")) ro += v;
            else if (f[0].startsWith(".data")) data += v;
            else if (f[0].startsWith(".bss") || f[0].equals("COMMON")) bss += v;
        }
        return new ArmSizes(text, ro, data, bss, sec);
    }
}
