package io.databroker.bench.e2e;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/** Draws consumer lag over time (one line per group) into a PNG with plain Java2D: no plotting library. */
final class LagPlot {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 520;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)};

    private LagPlot() {
    }

    /**
     * @param windowStart seconds at which the measured window began (after the warm-up)
     * @param windowEnd   seconds at which production stopped
     */
    static void write(Path png, String title, List<String> groups, List<LagSampler.Point> points, double windowStart,
                      double windowEnd) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        double maxX = Math.max(1, points.isEmpty() ? 1 : points.get(points.size() - 1).seconds());
        long maxLag = 1;
        for (LagSampler.Point p : points) {
            for (long lag : p.lags()) {
                maxLag = Math.max(maxLag, lag);
            }
        }
        double maxY = niceCeiling(maxLag);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;

        // the measured window, shaded
        g.setColor(new Color(0xf2f2f2));
        int x0 = LEFT + (int) (windowStart / maxX * plotW);
        int x1 = LEFT + (int) (windowEnd / maxX * plotW);
        g.fillRect(x0, TOP, Math.max(1, x1 - x0), plotH);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(0xdddddd));
        for (int i = 0; i <= 5; i++) {
            int y = TOP + plotH - i * plotH / 5;
            g.drawLine(LEFT, y, LEFT + plotW, y);
        }
        g.setColor(Color.DARK_GRAY);
        for (int i = 0; i <= 5; i++) {
            int y = TOP + plotH - i * plotH / 5;
            String label = String.format(Locale.ROOT, "%,.0f", maxY * i / 5);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        double xStep = niceCeiling(maxX / 10);
        for (double x = 0; x <= maxX; x += xStep) {
            int px = LEFT + (int) (x / maxX * plotW);
            g.drawLine(px, TOP + plotH, px, TOP + plotH + 4);
            String label = String.format(Locale.ROOT, "%.0f", x);
            g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 18);
        }
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.drawString("seconds since the pipeline was ready (shaded: measured window, after the warm-up, until production stopped)",
                LEFT, HEIGHT - 30);
        g.drawString("lag (records)", 10, TOP - 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT, 25);

        g.setStroke(new BasicStroke(1.6f));
        for (int s = 0; s < groups.size(); s++) {
            g.setColor(COLORS[s % COLORS.length]);
            int prevX = -1;
            int prevY = -1;
            for (LagSampler.Point p : points) {
                int px = LEFT + (int) (p.seconds() / maxX * plotW);
                int py = TOP + plotH - (int) (p.lags()[s] / maxY * plotH);
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, px, py);
                }
                prevX = px;
                prevY = py;
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            int legendX = LEFT + 10 + s * 260;
            g.fillRect(legendX, 37, 18, 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(groups.get(s), legendX + 24, 44);
        }
        g.dispose();
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            ImageIO.write(image, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + png, e);
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}. */
    private static double niceCeiling(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(Math.max(value, 1e-9))));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }
}
