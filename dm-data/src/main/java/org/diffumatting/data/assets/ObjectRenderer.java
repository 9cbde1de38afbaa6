package org.diffumatting.data.assets;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.diffumatting.data.image.PngFiles;
import org.diffumatting.data.image.Resample;
import org.diffumatting.data.image.RgbaImage;

/**
 * Produces each source object once per output size: rasterised (SVG) or decoded (PNG), trimmed to
 * its alpha box, shrunk so its larger side is at most {@code size}, and cached as an 8-bit RGBA PNG
 * under {@code CACHE/renders/<size>/<source>/<id>.png}. The object handed to the builder is always
 * the decoded cache PNG, so a first build and a resumed build see identical pixels.
 */
public final class ObjectRenderer {

    /** An object that cannot be used; the builder logs the reason in its report. */
    public static final class SkipException extends Exception {
        public SkipException(String message) {
            super(message);
        }
    }

    /** Objects whose (pre-trim) image has fewer fully transparent pixels than this have no cut-out: skipped. */
    public static final double MIN_TRANSPARENT_FRACTION = 0.01;
    /** Objects smaller than this (pixels, larger side after trimming) are skipped. */
    public static final int MIN_OBJECT_SIDE = 6;

    private final Path rendersDir;
    private final int size;

    public ObjectRenderer(Path rendersDir, int size) {
        this.rendersDir = rendersDir;
        this.size = size;
    }

    public Path cacheFile(AssetObject o) {
        return rendersDir.resolve(o.source()).resolve(o.id() + ".png");
    }

    /** The trimmed object, from the cache or rendered now (and cached). */
    public RgbaImage load(AssetObject o) throws SkipException {
        Path f = cacheFile(o);
        byte[] bytes = null;
        if (Files.isRegularFile(f)) {
            try {
                bytes = Files.readAllBytes(f);
            } catch (IOException e) {
                bytes = null;
            }
        }
        if (bytes == null) {
            RgbaImage trimmed = renderTrimmed(o);
            bytes = PngFiles.encode(trimmed.toBufferedImage());
            PngFiles.write(f, bytes);
        }
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
            if (img == null) throw new SkipException("cached render unreadable: " + f);
            return RgbaImage.fromBufferedImage(img);
        } catch (IOException e) {
            throw new SkipException("cached render unreadable: " + f + ": " + e.getMessage());
        }
    }

    private RgbaImage renderTrimmed(AssetObject o) throws SkipException {
        BufferedImage img;
        try {
            img = o.svg() ? SvgRasterizer.render(o.file(), size) : readReduced(o.file(), size);
        } catch (Exception | StackOverflowError e) {
            throw new SkipException((o.svg() ? "Batik failed: " : "unreadable PNG: ") + oneLine(e));
        }
        if (img == null) throw new SkipException("unreadable image");
        RgbaImage full = RgbaImage.fromBufferedImage(img);
        return trimAndFit(full, size);
    }

    /** Images with more pixels than this are skipped (decompression bombs, posters). */
    public static final long MAX_PIXELS = 64L << 20;

    /**
     * Reads a PNG; when its larger side exceeds 4 x size it is decoded with source subsampling by
     * f = floor(side / (2 size)) (every f-th pixel), so the decoded image still has at least 2 x size
     * pixels on its larger side for the area filter, and huge clip art never needs gigabytes of heap.
     */
    static BufferedImage readReduced(Path file, int size) throws IOException, SkipException {
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new SkipException("unreadable image");
            java.util.Iterator<javax.imageio.ImageReader> it = ImageIO.getImageReaders(in);
            if (!it.hasNext()) throw new SkipException("unreadable image");
            javax.imageio.ImageReader r = it.next();
            try {
                r.setInput(in, true, true);
                int w = r.getWidth(0), h = r.getHeight(0);
                if ((long) w * h > MAX_PIXELS) throw new SkipException("image too large: " + w + "x" + h);
                javax.imageio.ImageReadParam param = r.getDefaultReadParam();
                int side = Math.max(w, h);
                if (side > 4 * size) {
                    int f = side / (2 * size);
                    param.setSourceSubsampling(f, f, 0, 0);
                }
                return r.read(0, param);
            } finally {
                r.dispose();
            }
        }
    }

    /** Trims to the alpha box and shrinks so the larger side is at most {@code size}. */
    public static RgbaImage trimAndFit(RgbaImage full, int size) throws SkipException {
        if (full.transparentFraction() < MIN_TRANSPARENT_FRACTION)
            throw new SkipException("no transparent background (" + full.width() + "x" + full.height() + ")");
        int[] box = full.alphaBox(0.5f / 255f);
        if (box == null) throw new SkipException("fully transparent");
        RgbaImage t = full.crop(box[0], box[1], box[2], box[3]);
        int side = Math.max(t.width(), t.height());
        if (side > size) {
            double s = size / (double) side;
            t = Resample.area(t, Math.max(1, (int) Math.round(t.width() * s)), Math.max(1, (int) Math.round(t.height() * s)));
        }
        if (Math.max(t.width(), t.height()) < MIN_OBJECT_SIDE) throw new SkipException("object too small: " + t.width() + "x" + t.height());
        return t;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        return (e.getClass().getSimpleName() + (m == null ? "" : ": " + m)).replace('\n', ' ');
    }
}
