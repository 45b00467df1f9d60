package org.tinyfit.views.explorer;

import javafx.geometry.Pos;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/** A small horizontal bar: value / limit, red ("over") beyond the limit, grey when there is no limit. */
public final class LimitBar extends StackPane {
    public static final double WIDTH = 120;
    /** The narrowest a bar gets in a narrow window. */
    public static final double MIN_WIDTH = 56;
    private final Region fill = new Region();
    private final Tooltip tip = new Tooltip();
    private double fraction = Double.NaN;
    private boolean over;

    public LimitBar() {
        getStyleClass().add("limit-bar");
        fill.getStyleClass().add("limit-fill");
        getChildren().add(fill);
        StackPane.setAlignment(fill, Pos.CENTER_LEFT);
        setMinSize(MIN_WIDTH, 10);
        setPrefSize(WIDTH, 10);
        setMaxSize(WIDTH, 10);
        fill.setMaxHeight(10);
        set(Double.NaN, false, null);
    }

    /**
     * @param fraction value / limit (NaN: no bar)
     * @param hardLimit a device limit: over it the bar turns red
     * @param text      tooltip
     */
    public void set(double fraction, boolean hardLimit, String text) {
        this.fraction = fraction;
        this.over = hardLimit && fraction > 1;
        setVisible(Double.isFinite(fraction));
        requestLayout();
        fill.getStyleClass().removeAll("over", "soft", "ok");
        fill.getStyleClass().add(over ? "over" : hardLimit ? "ok" : "soft");
        pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("over"), over);
        if (text == null) Tooltip.uninstall(this, tip);
        else {
            tip.setText(text);
            Tooltip.install(this, tip);
        }
    }

    public double fraction() { return fraction; }

    @Override protected void layoutChildren() {
        double w = Double.isFinite(fraction) ? Math.max(1, Math.min(1, fraction) * getWidth()) : 0;
        fill.resizeRelocate(0, (getHeight() - 10) / 2, w, Math.min(10, getHeight()));
    }

}
