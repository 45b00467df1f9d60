package org.tinyfit.views.explorer;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/**
 * Pictures of the selected matrix ({@link MatrixViewModel}): W, the reconstruction
 * and the error on one diverging colour scale, the technique's factors and masks,
 * and the spectrum. The pixels come ready from the view model; this view copies
 * them into images and draws the spectrum bars.
 */
public final class MatrixPanel {
    public static final double HEAT_HEIGHT = 280;
    private final MatrixViewModel vm;
    private final BorderPane root = new BorderPane();
    private final HBox heat = new HBox(10);
    private final FlowPane body = new FlowPane(14, 10);
    private final FlowPane parts = new FlowPane(10, 8);
    private final Canvas spectrum = new Canvas(300, 130);
    private final Label spectrumTitle = new Label();
    private final Label status = new Label();

    public MatrixPanel(MatrixViewModel vm) {
        this.vm = vm;
        root.setId("matrixPanel");
        root.setPadding(new Insets(8, 10, 8, 10));
        status.setId("matrixStatus");
        status.getStyleClass().add("panel-note");
        status.textProperty().bind(vm.statusProperty());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(vm.runningProperty());
        HBox top = new HBox(8, status, busy);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(0, 0, 6, 0));
        spectrum.setId("spectrumCanvas");
        spectrumTitle.setId("spectrumTitle");
        spectrumTitle.getStyleClass().add("setting-caption");
        spectrumTitle.setWrapText(true);
        spectrumTitle.setMaxWidth(300);
        spectrumTitle.setMinHeight(Region.USE_PREF_SIZE);
        parts.setPrefWrapLength(300);
        Label partsTitle = new Label("Stored factors and masks");
        partsTitle.getStyleClass().add("setting-caption");
        VBox right = new VBox(6, partsTitle, parts, spectrumTitle, spectrum);
        right.setMaxWidth(310);
        right.setPrefWidth(310);
        // the pictures and the factors wrap onto a second row when the tab is narrow; a scroll when it is short
        body.getChildren().addAll(heat, right);
        body.setPadding(new Insets(0, 4, 4, 0));
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(body);
        scroll.setId("matrixScroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("controls-scroll");
        root.setTop(top);
        root.setCenter(scroll);
        vm.picturesProperty().addListener((o, a, p) -> show(p));
        show(vm.picturesProperty().get());
    }

    public Parent getRoot() { return root; }

    /** The pictures themselves (for a PNG: all of them, not the scrolled view). */
    public Node pictures() { return body; }

    /** One picture's pixels as an image (the copy is one step). */
    public static WritableImage image(MatrixViewModel.Picture p) {
        WritableImage img = new WritableImage(Math.max(1, p.width()), Math.max(1, p.height()));
        img.getPixelWriter().setPixels(0, 0, p.width(), p.height(), PixelFormat.getIntArgbInstance(), p.argb(), 0, p.width());
        return img;
    }

    private void show(MatrixViewModel.Pictures p) {
        heat.getChildren().clear();
        parts.getChildren().clear();
        GraphicsContext g = spectrum.getGraphicsContext2D();
        g.clearRect(0, 0, spectrum.getWidth(), spectrum.getHeight());
        spectrumTitle.setText("");
        if (p == null) return;
        for (MatrixViewModel.Picture pic : new MatrixViewModel.Picture[] {p.original(), p.reconstruction(), p.error()}) {
            heat.getChildren().add(tile(pic, HEAT_HEIGHT, 100, "heat-" + idOf(pic.title())));
        }
        heat.getChildren().add(legend(p.scale()));
        for (MatrixViewModel.Picture pic : p.parts()) parts.getChildren().add(tile(pic, 96, 140, "part-" + idOf(pic.title())));
        if (p.parts().isEmpty()) {
            Label none = new Label("dense: W itself is stored");
            none.getStyleClass().add("panel-note");
            parts.getChildren().add(none);
        }
        spectrumTitle.setText(p.spectrumTitle());
        drawSpectrum(g, p.spectrum(), p.spectrumKeep());
    }

    private static String idOf(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]+", "-").replaceAll("(^-|-$)", "");
    }

    private static Node tile(MatrixViewModel.Picture pic, double maxH, double maxW, String id) {
        ImageView v = new ImageView(image(pic));
        v.setId(id);
        v.setPreserveRatio(false);
        double scale = Math.min(maxH / pic.height(), maxW / pic.width());
        v.setFitWidth(Math.max(6, pic.width() * scale)); // a 1 x n factor stays visible
        v.setFitHeight(Math.max(6, pic.height() * scale));
        v.setSmooth(scale < 1);
        v.getStyleClass().add("heatmap");
        Label t = new Label(pic.title());
        t.getStyleClass().add("heat-title");
        Label n = new Label(pic.note());
        n.getStyleClass().add("panel-note");
        n.setWrapText(true);
        n.setMaxWidth(Math.max(96, maxW));
        VBox b = new VBox(3, t, v, n);
        b.setAlignment(Pos.TOP_CENTER);
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    private static Node legend(double scale) {
        Canvas c = new Canvas(14, HEAT_HEIGHT);
        GraphicsContext g = c.getGraphicsContext2D();
        float[] ramp = new float[(int) HEAT_HEIGHT];
        for (int i = 0; i < ramp.length; i++) ramp[i] = (float) (1 - 2.0 * i / (ramp.length - 1));
        int[] argb = Heatmaps.diverging(ramp, 1);
        for (int i = 0; i < argb.length; i++) {
            int v = argb[i];
            g.setFill(Color.rgb((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff));
            g.fillRect(0, i, 14, 1);
        }
        String s = String.format(java.util.Locale.ROOT, "%.3g", scale);
        Label top = new Label("+" + s);
        Label mid = new Label("0");
        Label bot = new Label("\u2212" + s);
        for (Label l : new Label[] {top, mid, bot}) {
            l.getStyleClass().add("panel-note");
            l.setMinWidth(Region.USE_PREF_SIZE);
        }
        VBox labels = new VBox(top, spacer(), mid, spacer(), bot);
        labels.setPrefHeight(HEAT_HEIGHT);
        HBox h = new HBox(4, c, labels);
        VBox box = new VBox(3, new Label(" "), h);
        return box;
    }

    private static Region spacer() {
        Region r = new Region();
        VBox.setVgrow(r, Priority.ALWAYS);
        return r;
    }

    private void drawSpectrum(GraphicsContext g, double[] s, int keep) {
        double w = spectrum.getWidth(), h = spectrum.getHeight();
        g.setFill(Color.web("#f7f8fa"));
        g.fillRect(0, 0, w, h);
        if (s == null || s.length == 0 || s[0] <= 0) return;
        int n = s.length;
        double left = 6, bottom = h - 16, top = 6;
        double bw = (w - left - 6) / n;
        for (int i = 0; i < n; i++) {
            double v = s[i] / s[0];
            double bh = (bottom - top) * v;
            g.setFill(i < keep ? Color.web("#2f6fb5") : Color.web("#a9b6c6"));
            g.fillRect(left + i * bw, bottom - bh, Math.max(1, bw - (bw > 3 ? 1 : 0)), bh);
        }
        g.setStroke(Color.web("#8a93a0"));
        g.strokeLine(left, bottom + 0.5, w - 6, bottom + 0.5);
        g.setFill(Color.web("#4a5260"));
        g.setFont(Font.font(10.5));
        g.fillText("\u03c3\u2081 \u2026 \u03c3" + n + " (relative to \u03c3\u2081)" + (keep > 0 ? "; kept in blue" : ""), left, h - 3);
    }
}
