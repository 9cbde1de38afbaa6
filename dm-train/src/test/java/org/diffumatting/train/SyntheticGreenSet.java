package org.diffumatting.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.io.ImageFiles;

/**
 * Writes a tiny green-screen data set in the dm data layout (image/, alpha/, fg/, manifest.jsonl): coloured discs
 * with anti-aliased rims (exact coverage by 4x4 supersampling) composited on pure green, I = a F + (1 - a) G.
 */
final class SyntheticGreenSet {
    private static final String[] COLOURS = {"red", "blue", "yellow", "purple"};
    private static final float[][] RGB = {{0.9f, 0.1f, 0.1f}, {0.1f, 0.2f, 0.9f}, {0.95f, 0.9f, 0.1f}, {0.6f, 0.1f, 0.7f}};

    private SyntheticGreenSet() {}

    static Path write(Path dir, int count, int size, long seed) throws IOException {
        Files.createDirectories(dir.resolve("image"));
        Files.createDirectories(dir.resolve("alpha"));
        Files.createDirectories(dir.resolve("fg"));
        Random r = new Random(seed);
        StringBuilder manifest = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int c = i % COLOURS.length;
            double cx = size * (0.35 + 0.3 * r.nextDouble());
            double cy = size * (0.35 + 0.3 * r.nextDouble());
            double rad = size * (0.15 + 0.15 * r.nextDouble());
            double[] a = new double[size * size];
            RgbImage fg = RgbImage.filled(size, size, RGB[c][0], RGB[c][1], RGB[c][2]);
            RgbImage img = RgbImage.zeros(size, size);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int inside = 0;
                    for (int sy = 0; sy < 4; sy++) {
                        for (int sx = 0; sx < 4; sx++) {
                            double px = x + (sx + 0.5) / 4, py = y + (sy + 0.5) / 4;
                            if ((px - cx) * (px - cx) + (py - cy) * (py - cy) <= rad * rad) inside++;
                        }
                    }
                    double al = inside / 16.0;
                    a[y * size + x] = al;
                    float[] g = {0f, 1f, 0f};
                    for (int k = 0; k < 3; k++) img.set(x, y, k, (float) (al * RGB[c][k] + (1 - al) * g[k]));
                }
            }
            String id = String.format(Locale.ROOT, "disc-%04d", i);
            ImageFiles.writeRgb(dir.resolve("image").resolve(id + ".png"), img);
            ImageFiles.writeAlpha(dir.resolve("alpha").resolve(id + ".png"), new AlphaMap(size, size, a));
            ImageFiles.writeRgb(dir.resolve("fg").resolve(id + ".png"), fg);
            String split = i < count - 2 ? "train" : "val";
            manifest.append(String.format(Locale.ROOT,
                    "{\"id\":\"%s\",\"caption\":\"a %s disc\",\"split\":\"%s\",\"source\":\"synthetic\",\"object\":\"disc-%d\",\"procedural\":true}%n",
                    id, COLOURS[c], split, i));
        }
        Files.writeString(dir.resolve("manifest.jsonl"), manifest.toString());
        return dir;
    }
}
