package org.diffumatting.train.log;

import java.nio.file.Path;
import java.util.List;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.io.ImageFiles;

/**
 * Writes a PNG grid of images: one row per list, cells of equal size separated by a 2-pixel white gutter.
 * Mattes go in as grey images ({@link #grey}). The file is written atomically by {@link ImageFiles}.
 */
public final class ImageGrid {
    private static final int GUTTER = 2;

    private ImageGrid() {}

    public static void write(Path png, List<List<RgbImage>> rows) {
        int cw = rows.get(0).get(0).width();
        int ch = rows.get(0).get(0).height();
        int cols = rows.stream().mapToInt(List::size).max().orElse(1);
        int w = cols * cw + (cols + 1) * GUTTER;
        int h = rows.size() * ch + (rows.size() + 1) * GUTTER;
        RgbImage grid = RgbImage.filled(w, h, 1f, 1f, 1f);
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < rows.get(r).size(); c++) {
                RgbImage cell = rows.get(r).get(c);
                int x0 = GUTTER + c * (cw + GUTTER);
                int y0 = GUTTER + r * (ch + GUTTER);
                for (int y = 0; y < Math.min(ch, cell.height()); y++) {
                    for (int x = 0; x < Math.min(cw, cell.width()); x++) {
                        for (int k = 0; k < 3; k++) grid.set(x0 + x, y0 + y, k, cell.get(x, y, k));
                    }
                }
            }
        }
        ImageFiles.writeRgb(png, grid);
    }

    /** A matte as a grey RGB image. */
    public static RgbImage grey(AlphaMap a) {
        RgbImage img = RgbImage.zeros(a.width(), a.height());
        double[] d = a.data();
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                float v = (float) d[y * a.width() + x];
                for (int k = 0; k < 3; k++) img.set(x, y, k, v);
            }
        }
        return img;
    }
}
