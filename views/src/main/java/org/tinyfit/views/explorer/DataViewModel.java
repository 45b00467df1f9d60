package org.tinyfit.views.explorer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.io.DataFiles;
import org.tinyfit.model.net.Network;
import org.tinyfit.views.Errors;
import org.tinyfit.views.Formats;
import org.tinyfit.views.LatestTaskLane;

/**
 * Data sets the user attaches to the loaded model (an imported ONNX or Keras model names
 * none): an evaluation set (accuracy, retraining's measurement, the C export's test vectors)
 * and a training set (retraining), in any form {@link DataFiles} reads, validated against the
 * model. Each role loads on its own {@link LatestTaskLane} (a newer attachment supersedes a
 * pending one); a failure is {@link DataFiles}' message. Fx thread only.
 */
public final class DataViewModel {
    /** What a data set is for; {@code id} is its name in a model's data sets and in sessions. */
    public enum Role {
        EVAL("eval", "evaluation set"), TRAIN("train", "training set");

        private final String id;
        private final String title;

        Role(String id, String title) {
            this.id = id;
            this.title = title;
        }

        public String id() { return id; }

        public String title() { return title; }
    }

    /** An attached data set: what the user named ({@link DataFiles} form), what was read, its hash. */
    public record Attached(Role role, String arg, Dataset data, String sha256) {
        /** "digits.npz · 1,000 samples · 8 x 8". */
        public String text() {
            String name = DataFiles.files(arg).get(0).getFileName() == null ? arg : DataFiles.files(arg).get(0).getFileName().toString();
            if (DataFiles.files(arg).size() == 2) name = name + " + " + DataFiles.files(arg).get(1).getFileName();
            return name + " \u00b7 " + Formats.integer(data.n()) + " samples \u00b7 " + data.steps() + " \u00d7 " + data.features();
        }
    }

    private final Map<Role, LatestTaskLane> lanes = new EnumMap<>(Role.class);
    private final Map<Role, ReadOnlyObjectWrapper<Attached>> attached = new EnumMap<>(Role.class);
    private final Map<Role, ReadOnlyStringWrapper> status = new EnumMap<>(Role.class);
    private final Consumer<Message> messages;
    private BiConsumer<Role, Attached> onChange = (r, a) -> { };
    private Network net;

    DataViewModel(Executor executor, Executor fx, Consumer<Message> messages) {
        this.messages = messages;
        for (Role r : Role.values()) {
            lanes.put(r, new LatestTaskLane("data-" + r.id(), executor, fx));
            attached.put(r, new ReadOnlyObjectWrapper<>(this, r.id()));
            status.put(r, new ReadOnlyStringWrapper(this, r.id() + "Status", ""));
        }
    }

    /** The plain file names of a data set ("test.csv", "x.npy,y.npy"), as a model's provenance records them. */
    public static String fileNames(String arg) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (java.nio.file.Path f : DataFiles.files(arg)) names.add(f.getFileName() == null ? f.toString() : f.getFileName().toString());
        return String.join(",", names);
    }

    /**
     * What to attach for files picked together: one file as it is; two (x.npy and y.npy) as the pair
     * "X,Y" with the inputs first (the one whose name starts with x, else the first picked).
     */
    public static String argOf(java.util.List<java.nio.file.Path> files) {
        if (files.size() == 2) {
            java.nio.file.Path a = files.get(0), b = files.get(1);
            String an = a.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            String bn = b.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (!an.startsWith("x") && bn.startsWith("x") || an.startsWith("y") && !bn.startsWith("y")) {
                java.nio.file.Path t = a;
                a = b;
                b = t;
            }
            return a.toAbsolutePath() + "," + b.toAbsolutePath();
        }
        return files.get(0).toAbsolutePath().toString();
    }

    /** Called on the fx thread after an attachment of {@code role} changed (null: detached). */
    void setOnChange(BiConsumer<Role, Attached> c) { onChange = c; }

    /** A new model (null: none): nothing attached. */
    void setModel(Network n) {
        net = n;
        for (Role r : Role.values()) {
            lanes.get(r).cancel();
            attached.get(r).set(null);
            status.get(r).set("");
        }
    }

    /** Reads {@code arg} as the {@code role} set of the loaded model (off the fx thread); its errors are the message. */
    public void attach(Role role, String arg) {
        Network n = net;
        if (n == null) {
            messages.accept(new Message("Load a model before attaching data", true));
            return;
        }
        if (arg == null || arg.isBlank()) return;
        status.get(role).set("reading " + arg + "\u2026");
        lanes.get(role).<Attached>submit(0, ctx -> {
            Dataset d = DataFiles.read(arg, new DataFiles.Expect(n.steps(), n.features(), n.classes()));
            ctx.checkCancelled();
            return new Attached(role, arg, d, DataFiles.sha256(arg));
        }, new LatestTaskLane.Sink<Attached>() {
            @Override public void done(Attached a) {
                if (n != net) return;
                attached.get(role).set(a);
                status.get(role).set(a.text());
                messages.accept(new Message("Attached " + a.text() + " as the " + role.title() + " of " + n.name(), false));
                onChange.accept(role, a);
            }

            @Override public void failed(String msg) {
                if (n != net) return;
                Attached a = attached.get(role).get();
                status.get(role).set(a == null ? "" : a.text());
                messages.accept(new Message("Could not attach the " + role.title() + ": " + Errors.firstLine(msg), true));
            }
        });
    }

    /** Forgets the {@code role} set (the model's own, when it names one, is used again). */
    public void detach(Role role) {
        lanes.get(role).cancel();
        boolean had = attached.get(role).get() != null;
        attached.get(role).set(null);
        status.get(role).set("");
        if (had) onChange.accept(role, null);
    }

    /** The attached set of {@code role}, or null. */
    public ReadOnlyObjectProperty<Attached> attachedProperty(Role role) { return attached.get(role).getReadOnlyProperty(); }

    public Attached get(Role role) { return attached.get(role).get(); }

    /** What is attached ("x.npz · 1,000 samples · 8 × 8"), what is being read, or "". */
    public ReadOnlyStringProperty statusProperty(Role role) { return status.get(role).getReadOnlyProperty(); }
}
