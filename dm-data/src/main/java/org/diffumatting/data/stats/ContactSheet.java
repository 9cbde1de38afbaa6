package org.diffumatting.data.stats;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.diffumatting.data.image.PngFiles;

/**
 * A contact sheet: a grid of samples (true foreground and alpha from fg/ and alpha/) composited
 * over a grey checkerboard, so soft alpha is visible. Samples are taken evenly spaced over the
 * sorted ids, so every source appears.
 */
public final class ContactSheet {
    private ContactSheet() {}

    /** Writes the sheet of up to {@code cols x rows} samples, each shown at {@code cell} pixels; returns the count shown. */
    public static int write(Path dir, List<String> ids, int cols, int rows, int cell, Path outPng) {
        int n = Math.min(ids.size(), cols * rows);
        if (n == 0) return 0;
        int rowsUsed = (n + cols - 1) / cols;
        BufferedImage sheet = new BufferedImage(cols * cell, rowsUsed * cell, BufferedImage.TYPE_INT_RGB);
        for (int k = 0; k < n; k++) {
            String id = ids.get((int) ((long) k * ids.size() / n));
            BufferedImage fg = PngFiles.read(dir.resolve("fg").resolve(id + ".png"));
            int[] max = new int[1];
            int[] a = PngFiles.readGrayCodes(dir.resolve("alpha").resolve(id + ".png"), max);
            int w = fg.getWidth(), h = fg.getHeight();
            int ox = (k % cols) * cell, oy = (k / cols) * cell;
            for (int y = 0; y < cell; y++) {
                for (int x = 0; x < cell; x++) {
                    int sx = x * w / cell, sy = y * h / cell;
                    double al = a[sy * w + sx] / (double) max[0];
                    int f = fg.getRGB(sx, sy);
                    int check = ((x / 8 + y / 8) % 2 == 0) ? 200 : 150;
                    int r = (int) Math.round(((f >> 16) & 255) * al + check * (1 - al));
                    int g = (int) Math.round(((f >> 8) & 255) * al + check * (1 - al));
                    int b = (int) Math.round((f & 255) * al + check * (1 - al));
                    sheet.setRGB(ox + x, oy + y, (r << 16) | (g << 8) | b);
                }
            }
        }
        PngFiles.write(outPng, PngFiles.encode(sheet));
        return n;
    }
}
