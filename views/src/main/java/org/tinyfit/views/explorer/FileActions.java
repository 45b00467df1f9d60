package org.tinyfit.views.explorer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.scene.image.Image;
import org.tinyfit.model.io.AtomicWrite;
import org.tinyfit.views.LatestTaskLane;

/**
 * The explorer's file work off the fx thread: saving and opening sessions and saving
 * chart pictures. One lane; results and failures arrive as messages (or, for an opened
 * session, through the callback) in one fx step.
 */
final class FileActions {
    private final LatestTaskLane lane;
    private final Consumer<Message> messages;

    FileActions(Executor executor, Executor fx, Consumer<Message> messages) {
        this.lane = new LatestTaskLane("files", executor, fx);
        this.messages = messages;
    }

    void saveSession(SessionFile.Session s, Path file) {
        lane.submit(0, ctx -> {
            SessionFile.write(s, file);
            return file;
        }, sink("Session saved to ", "Could not save the session: "));
    }

    void openSession(Path file, Consumer<SessionFile.Session> opened) {
        lane.submit(0, ctx -> SessionFile.read(file), new LatestTaskLane.Sink<SessionFile.Session>() {
            @Override public void done(SessionFile.Session s) { opened.accept(s); }

            @Override public void failed(String msg) { messages.accept(new Message("Could not open the session: " + msg, true)); }
        });
    }

    /** Writes {@code img} as PNG, atomically ({@link AtomicWrite}). */
    void savePng(Image img, Path file) {
        lane.submit(0, ctx -> {
            java.awt.image.BufferedImage bi = javafx.embed.swing.SwingFXUtils.fromFXImage(img, null);
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            if (!javax.imageio.ImageIO.write(bi, "png", png)) throw new IOException("no PNG writer available");
            AtomicWrite.write(file, png.toByteArray());
            return file;
        }, sink("Picture saved to ", "Could not save the picture: "));
    }

    private LatestTaskLane.Sink<Path> sink(String saved, String failed) {
        return new LatestTaskLane.Sink<>() {
            @Override public void done(Path f) { messages.accept(new Message(saved + f, false)); }

            @Override public void failed(String msg) { messages.accept(new Message(failed + msg, true)); }
        };
    }
}
