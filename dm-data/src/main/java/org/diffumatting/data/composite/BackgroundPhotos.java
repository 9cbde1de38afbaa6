package org.diffumatting.data.composite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.diffumatting.data.fetch.CacheLayout;
import org.diffumatting.data.fetch.SourceCatalog;
import org.diffumatting.data.fetch.SourceSpec;
import org.diffumatting.data.image.PngFiles;
import org.diffumatting.data.image.Resample;
import org.diffumatting.data.image.RgbaImage;

/**
 * The real photographs used as composite backgrounds (sources with role "backgrounds"), each shrunk
 * once with area weights so its larger side is at most {@code side} pixels and cached as PNG under
 * {@code CACHE/backgrounds/<side>/<source>--<file>.png}: random crops of a 2560 px wallpaper for a
 * 128 px sample need no more, and decoding stays cheap.
 */
public final class BackgroundPhotos {
    private BackgroundPhotos() {}

    /** A prepared photo: cache file and the licence of its source. */
    public record Photo(String name, Path file, String source, String licence) {}

    public static List<Photo> prepare(CacheLayout cache, SourceCatalog catalog, int side) {
        List<Photo> out = new ArrayList<>();
        Path dir = cache.root().resolve("backgrounds").resolve(Integer.toString(side));
        for (SourceSpec s : catalog.all()) {
            if (!s.role().equals("backgrounds")) continue;
            Path src = cache.requireSource(s);
            List<Path> files;
            try (Stream<Path> w = Files.walk(src)) {
                files = w.filter(Files::isRegularFile).filter(p -> {
                    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
                }).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Path f : files) {
                String rel = src.relativize(f).toString().replace('/', '.');
                String name = s.name() + "--" + rel.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("\\.(jpe?g|png)$", "") + ".png";
                Path cached = dir.resolve(name);
                if (!Files.isRegularFile(cached)) {
                    RgbaImage img = RgbaImage.fromBufferedImage(PngFiles.read(f));
                    int big = Math.max(img.width(), img.height());
                    if (big > side) {
                        double k = side / (double) big;
                        img = Resample.area(img, Math.max(1, (int) Math.round(img.width() * k)), Math.max(1, (int) Math.round(img.height() * k)));
                    }
                    PngFiles.write(cached, PngFiles.encode(opaque(img)));
                }
                out.add(new Photo(name, cached, s.name(), s.licence()));
            }
        }
        return out;
    }

    private static java.awt.image.BufferedImage opaque(RgbaImage img) {
        java.awt.image.BufferedImage b = new java.awt.image.BufferedImage(img.width(), img.height(), java.awt.image.BufferedImage.TYPE_INT_RGB);
        float[] p = img.p();
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int i = (y * img.width() + x) * 4;
                float a = Math.max(p[i + 3], 1e-6f);
                int r = org.diffumatting.data.image.Quantize.to8(p[i] / a), g = org.diffumatting.data.image.Quantize.to8(p[i + 1] / a),
                        bl = org.diffumatting.data.image.Quantize.to8(p[i + 2] / a);
                b.setRGB(x, y, (r << 16) | (g << 8) | bl);
            }
        }
        return b;
    }
}
