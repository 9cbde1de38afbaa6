package org.diffumatting.matting.io;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.diffumatting.common.AtomicFiles;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;

/**
 * Reading and writing the images of the matting toolkit: PNG (gray, gray + alpha, RGB, RGBA at 8 or
 * 16 bits, palette with or without tRNS transparency, gray of 1/2/4 bits) and baseline/progressive JPEG.
 *
 * <p>Values are normalised exactly: an 8-bit sample v becomes v/255, a 16-bit sample v/65535 (read from the
 * raster, so 16-bit files keep full precision). Colour values are the stored (sRGB-encoded, straight)
 * values; no gamma or ICC conversion is applied.
 *
 * <p>Safety: before any pixel is decoded, width x height is read from the header (PNG IHDR, JPEG SOF) and
 * checked against {@link #maxPixels()} (default 100,000,000; JVM property {@code -Ddm.maxPixels=N}), so a
 * small file claiming a huge size cannot exhaust memory. Missing, corrupt, truncated, unsupported or too large
 * files raise a {@link DmException} whose one-line message names the file and the problem.
 *
 * <p>Writes go through {@link AtomicFiles}: a failed write never leaves a partial file. PNG output is
 * deterministic (same pixels give the same bytes).
 */
public final class ImageFiles {
    private ImageFiles() {}

    /** Default pixel limit (width * height). */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    /** JPEG quality used by {@link #writeRgb} for .jpg/.jpeg names. */
    public static final float JPEG_QUALITY = 0.95f;

    /** The limit; 0 while -Ddm.maxPixels holds an invalid value (reported by {@link #maxPixels()}). */
    private static volatile long maxPixels = initialMaxPixels();

    static {
        ImageIO.setUseCache(false); // decode/encode in memory, never through temporary cache files
    }

    private static long initialMaxPixels() {
        String s = System.getProperty("dm.maxPixels");
        if (s == null || s.isBlank()) return DEFAULT_MAX_PIXELS;
        try {
            return Math.max(0, Long.parseLong(s.trim().replace("_", "")));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Pixel limit against decompression bombs (width*height), default 100_000_000; also settable by -Ddm.maxPixels. */
    public static long maxPixels() {
        long n = maxPixels;
        if (n <= 0)
            throw new DmException("-Ddm.maxPixels must be a positive integer, got '" + System.getProperty("dm.maxPixels") + "'");
        return n;
    }

    /** Sets the pixel limit for all later reads (process wide). */
    public static void setMaxPixels(long n) {
        if (n <= 0) throw new IllegalArgumentException("maxPixels must be positive, got " + n);
        maxPixels = n;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads an alpha matte. Which channel is used:
     * <ul>
     *   <li>gray (1, 2, 4, 8 or 16 bits): the gray value, v/255 or v/65535 (exact);</li>
     *   <li>any image with an alpha channel (gray + alpha, RGBA, palette with tRNS transparency): the alpha
     *       channel;</li>
     *   <li>RGB and opaque palette images: the first (red) channel.</li>
     * </ul>
     */
    public static AlphaMap readAlpha(Path p) {
        DecodedImage img = decode(p);
        double[] out = new double[img.width * img.height];
        int[] samples = new int[img.rowBufferLength()];
        double[] rgb = new double[img.width * 3];
        double[] alpha = new double[img.width];
        boolean useAlpha = img.hasAlpha();
        for (int y = 0; y < img.height; y++) {
            img.row(y, samples, rgb, alpha);
            int base = y * img.width;
            for (int x = 0; x < img.width; x++) out[base + x] = useAlpha ? alpha[x] : rgb[x * 3];
        }
        return new AlphaMap(img.width, img.height, out);
    }

    /** Reads colour from any supported PNG or JPEG; gray is replicated to RGB and alpha is ignored. */
    public static RgbImage readRgb(Path p) {
        return readRgba(p).rgb();
    }

    /** Reads colour and alpha; images without alpha get alpha 1 everywhere. */
    public static RgbaImage readRgba(Path p) {
        DecodedImage img = decode(p);
        int w = img.width;
        float[] rgbData = new float[w * img.height * 3];
        double[] alphaData = new double[w * img.height];
        int[] samples = new int[img.rowBufferLength()];
        double[] rgb = new double[w * 3];
        double[] alpha = new double[w];
        for (int y = 0; y < img.height; y++) {
            img.row(y, samples, rgb, alpha);
            int base = y * w;
            for (int i = 0; i < w * 3; i++) rgbData[base * 3 + i] = (float) rgb[i];
            System.arraycopy(alpha, 0, alphaData, base, w);
        }
        return new RgbaImage(new RgbImage(w, img.height, rgbData), new AlphaMap(w, img.height, alphaData));
    }

    /** Width and height from the file header only (no pixel decoding), as {@code {width, height}}. */
    public static int[] readSize(Path p) {
        Format format = sniff(p);
        try (ImageInputStream in = open(p)) {
            ImageReader reader = readerFor(p, format);
            try {
                reader.setInput(in, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DmException d) throw d;
            throw corrupt(p, format, e);
        }
    }

    private enum Format { PNG, JPEG }

    private static DecodedImage decode(Path p) {
        Format format = sniff(p);
        if (format == Format.PNG) checkPngHeader(p);
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream in = open(p)) {
            ImageReader reader = readerFor(p, format);
            try {
                reader.setInput(in, true, true);
                reader.addIIOReadWarningListener((src, msg) -> warnings.add(msg));
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                checkSize(p, w, h);
                BufferedImage img = reader.read(0);
                for (String warning : warnings) {
                    // libjpeg reports truncation as a warning and fills the rest with gray: refuse such images
                    if (warning.toLowerCase(Locale.ROOT).contains("premature"))
                        throw new DmException(p + ": corrupt or truncated " + name(format) + " (" + oneLine(warning) + ")");
                }
                return new DecodedImage(img);
            } finally {
                reader.dispose();
            }
        } catch (DmException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw corrupt(p, format, e);
        }
    }

    private static DmException corrupt(Path p, Format format, Exception e) {
        StringBuilder why = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (t instanceof EOFException && (m == null || m.isBlank())) m = "unexpected end of file";
            if (m != null && !m.isBlank() && why.indexOf(m) < 0) {
                if (why.length() > 0) why.append(": ");
                why.append(m);
            }
            if (t.getCause() == t) break;
        }
        if (why.length() == 0) why.append(e.getClass().getSimpleName());
        return new DmException(p + ": corrupt, truncated or unsupported " + name(format) + " ("
                + oneLine(why.toString()) + ")", e);
    }

    private static String name(Format f) {
        return f == Format.PNG ? "PNG" : "JPEG";
    }

    private static ImageInputStream open(Path p) throws IOException {
        ImageInputStream in = ImageIO.createImageInputStream(p.toFile());
        if (in == null) throw new DmException(p + ": cannot open for reading");
        return in;
    }

    private static ImageReader readerFor(Path p, Format format) {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format == Format.PNG ? "png" : "jpeg");
        if (!it.hasNext()) throw new DmException(p + ": no " + name(format) + " decoder in this Java runtime");
        return it.next();
    }

    /** Identifies the format from the magic bytes (never from the file name). */
    private static Format sniff(Path p) {
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(p)) {
            n = in.readNBytes(head, 0, 8);
        } catch (NoSuchFileException e) {
            throw new DmException(p + ": no such file");
        } catch (IOException e) {
            if (Files.isDirectory(p)) throw new DmException(p + ": is a directory, expected an image file");
            throw new DmException(p + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (n == 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G'
                && head[4] == 0x0d && head[5] == 0x0a && head[6] == 0x1a && head[7] == 0x0a) return Format.PNG;
        if (n >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) return Format.JPEG;
        if (n == 0) throw new DmException(p + ": empty file, expected a PNG or JPEG image");
        throw new DmException(p + ": not a PNG or JPEG image (unrecognised file signature)");
    }

    /** Reads width and height from the PNG IHDR chunk (bytes 16..23) and checks them before decoding. */
    private static void checkPngHeader(Path p) {
        byte[] h = new byte[26];
        int n;
        try (InputStream in = Files.newInputStream(p)) {
            n = in.readNBytes(h, 0, h.length);
        } catch (IOException e) {
            throw new DmException(p + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (n < h.length || h[12] != 'I' || h[13] != 'H' || h[14] != 'D' || h[15] != 'R')
            throw new DmException(p + ": corrupt or truncated PNG (missing IHDR header)");
        long w = readU32(h, 16);
        long ht = readU32(h, 20);
        if (w == 0 || ht == 0 || w > Integer.MAX_VALUE || ht > Integer.MAX_VALUE)
            throw new DmException(p + ": corrupt PNG (invalid size " + w + "x" + ht + " in IHDR)");
        checkSize(p, w, ht);
    }

    private static long readU32(byte[] b, int off) {
        return ((b[off] & 0xffL) << 24) | ((b[off + 1] & 0xffL) << 16) | ((b[off + 2] & 0xffL) << 8) | (b[off + 3] & 0xffL);
    }

    private static void checkSize(Path p, long w, long h) {
        long limit = maxPixels();
        if (w * h > limit)
            throw new DmException(p + ": image too large (" + w + "x" + h + " = " + (w * h)
                    + " pixels, limit " + limit + "; raise it with -Ddm.maxPixels=N)");
    }

    // ------------------------------------------------------------------ writing

    /** Writes an 8-bit gray PNG, sample = round(a * 255) (values clamped to [0, 1]). */
    public static void writeAlpha(Path p, AlphaMap a) {
        writeAlpha(p, a, 8);
    }

    /** Writes a gray PNG of {@code bitDepth} 8 (round(a*255)) or 16 (round(a*65535)); values clamped to [0, 1]. */
    public static void writeAlpha(Path p, AlphaMap a, int bitDepth) {
        requirePngName(p, "alpha");
        BufferedImage img;
        double[] d = a.data();
        if (bitDepth == 8) {
            img = new BufferedImage(a.width(), a.height(), BufferedImage.TYPE_BYTE_GRAY);
            byte[] buf = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < d.length; i++) buf[i] = (byte) quantize(d[i], 255);
        } else if (bitDepth == 16) {
            img = new BufferedImage(a.width(), a.height(), BufferedImage.TYPE_USHORT_GRAY);
            short[] buf = ((DataBufferUShort) img.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < d.length; i++) buf[i] = (short) quantize(d[i], 65535);
        } else {
            throw new IllegalArgumentException("alpha bit depth must be 8 or 16, got " + bitDepth);
        }
        write(p, img, "png");
    }

    /** Writes an 8-bit RGB PNG, or a JPEG (quality {@value #JPEG_QUALITY}) when the name ends .jpg/.jpeg. */
    public static void writeRgb(Path p, RgbImage img) {
        BufferedImage out = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] buf = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        float[] d = img.data();
        for (int i = 0; i < d.length; i += 3) { // TYPE_3BYTE_BGR stores B, G, R
            buf[i] = (byte) quantize(d[i + 2], 255);
            buf[i + 1] = (byte) quantize(d[i + 1], 255);
            buf[i + 2] = (byte) quantize(d[i], 255);
        }
        write(p, out, isJpegName(p) ? "jpeg" : "png");
    }

    /** Writes an 8-bit RGBA PNG (straight alpha): colour from {@code fg}, alpha from {@code a}. */
    public static void writeRgba(Path p, RgbImage fg, AlphaMap a) {
        requirePngName(p, "RGBA");
        if (!fg.sameSize(a))
            throw new IllegalArgumentException("foreground " + fg.width() + "x" + fg.height() + " and alpha "
                    + a.width() + "x" + a.height() + " differ in size (writing " + p + ")");
        BufferedImage out = new BufferedImage(fg.width(), fg.height(), BufferedImage.TYPE_4BYTE_ABGR);
        byte[] buf = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        float[] d = fg.data();
        double[] al = a.data();
        for (int i = 0, j = 0; i < al.length; i++, j += 4) { // TYPE_4BYTE_ABGR stores A, B, G, R
            buf[j] = (byte) quantize(al[i], 255);
            buf[j + 1] = (byte) quantize(d[i * 3 + 2], 255);
            buf[j + 2] = (byte) quantize(d[i * 3 + 1], 255);
            buf[j + 3] = (byte) quantize(d[i * 3], 255);
        }
        write(p, out, "png");
    }

    /** round(clamp(v, 0, 1) * max); NaN becomes 0. */
    static int quantize(double v, int max) {
        if (!(v > 0)) return 0;
        if (v >= 1) return max;
        return (int) Math.round(v * max);
    }

    /** True when the file name ends with .jpg or .jpeg (any case). */
    public static boolean isJpegName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    private static void requirePngName(Path p, String what) {
        if (isJpegName(p)) throw new DmException(p + ": " + what + " images are written as PNG; use a .png name");
    }

    private static void write(Path p, BufferedImage img, String format) {
        AtomicFiles.write(p, out -> {
            ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                ImageWriteParam param = writer.getDefaultWriteParam();
                if (format.equals("jpeg")) {
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setCompressionQuality(JPEG_QUALITY);
                }
                writer.write(null, new IIOImage(img, null, null), param);
            } finally {
                writer.dispose();
            }
        });
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ').trim();
    }
}
