package org.tinyfit.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tinyfit.model.audio.Clips;
import org.tinyfit.model.audio.Mfcc;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.io.DatasetFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tinyfit features WAV_DIR --out DATA.safetensors [--labels A,B,...]}. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Turn a folder of 1 s WAV clips (one subfolder per label; 16-bit PCM, mono, 16 kHz) into a data set of "
                + "49 x 10 MFCCs, the front end of kws-lstm (40 ms window, 20 ms stride, 40 mel channels 20-4000 Hz, 10 DCT coefficients).",
                "Clips shorter than 1 s are padded with zeros at the end; longer ones, other rates and stereo are errors."})
final class FeaturesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "WAV_DIR", description = "folder with one subfolder of .wav files per label")
    Path dir;

    @Option(names = "--out", required = true, paramLabel = "DATA.safetensors", description = "where to write the data set")
    Path out;

    @Option(names = "--labels", split = ",", paramLabel = "A,B,...",
            description = "class names in label order (default: the subfolders, sorted); subfolders not listed are errors, listed ones may be missing. "
                    + "For kws-lstm: silence,unknown,yes,no,up,down,left,right,on,off,stop,go")
    List<String> labels;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public Integer call() {
        if (!Files.isDirectory(dir)) throw new UserError(dir + ": no such folder");
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors")) throw new UserError("--out must name a .safetensors file, got " + out);
        List<String> folders = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().forEach(folders::add);
        } catch (IOException e) {
            throw new UserError(dir + ": cannot list (" + e.getMessage() + ")");
        }
        List<String> classes = labels == null ? folders : labels.stream().map(String::trim).toList();
        if (classes.isEmpty()) throw new UserError(dir + ": holds no subfolders; put the clips of each label in a subfolder named after it");
        if (classes.stream().distinct().count() != classes.size()) throw new UserError("--labels names a label twice: " + classes);
        for (String f : folders) {
            if (!classes.contains(f)) throw new UserError(dir.resolve(f) + ": folder '" + f + "' is not among the labels " + classes);
        }
        List<Path> files = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            Path sub = dir.resolve(classes.get(c));
            int n = 0;
            if (Files.isDirectory(sub)) {
                try (Stream<Path> s = Files.list(sub)) {
                    for (Path p : s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav")).sorted().toList()) {
                        files.add(p);
                        ys.add(c);
                        n++;
                    }
                } catch (IOException e) {
                    throw new UserError(sub + ": cannot list (" + e.getMessage() + ")");
                }
            }
            counts.put(classes.get(c), n);
        }
        if (files.isEmpty()) throw new UserError(dir + ": no .wav files in the label folders " + classes);
        int per = Mfcc.FRAMES * Mfcc.COEFFS;
        float[] x = new float[files.size() * per];
        int[] y = new int[files.size()];
        Mfcc mfcc = new Mfcc();
        for (int i = 0; i < files.size(); i++) {
            float[] clip;
            try {
                clip = Clips.read(files.get(i));
            } catch (IOException e) {
                throw new UserError(e.getMessage());
            }
            System.arraycopy(mfcc.features(clip), 0, x, i * per, per);
            y[i] = ys.get(i);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", "WAV clips from " + dir.getFileName() + " (one folder per label), converted by tinyfit features");
        meta.put("features", "MFCC: 16 kHz, 1 s clips, 40 ms Hann window (640), 20 ms stride (320), 49 frames, 1024-point FFT power, "
                + "40 mel channels 20-4000 Hz, ln(max(E, 1e-10)), orthonormal DCT-II, 10 coefficients, sinusoidal lifter L=22 (org.tinyfit.model.audio.Mfcc)");
        meta.put("layout", "[N, 49 frames, 10 MFCCs]; network input = x * scale");
        String name = out.getFileName().toString().replaceFirst("(?i)\\.safetensors$", "");
        Dataset d = new Dataset(name, files.size(), Mfcc.FRAMES, Mfcc.COEFFS, null, x, y, Mfcc.NETWORK_SCALE, classes, meta);
        try {
            if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
            DatasetFile.write(d, out);
        } catch (IOException e) {
            throw new UserError(out + ": cannot write (" + e.getMessage() + ")");
        }
        PrintWriter o = spec.commandLine().getOut();
        for (var e : counts.entrySet()) o.printf("%-10s %d clips%n", e.getKey(), e.getValue());
        o.printf("wrote      %s: %d clips x %d frames x %d MFCCs%n", out, files.size(), Mfcc.FRAMES, Mfcc.COEFFS);
        return 0;
    }
}
