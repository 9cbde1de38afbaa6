package org.diffumatting.data.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferUShort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.diffumatting.common.AtomicFiles;
import org.diffumatting.common.DmException;

/**
 * PNG encode/decode for the data builder (ImageIO; its PNG encoder writes no timestamps, so the
 * same pixels give the same bytes). Encoders return bytes so callers can hash before writing.
 */
public final class PngFiles {
    static {
        ImageIO.setUseCache(false);
    }

    private PngFiles() {}

    public static BufferedImage read(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) throw new DmException("not a readable image: " + file);
            return img;
        } catch (IOException e) {
            throw new DmException("cannot read image " + file + ": " + e.getMessage(), e);
        }
    }

    public static byte[] encode(BufferedImage img) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream(16384);
            if (!ImageIO.write(img, "png", bos)) throw new IllegalStateException("no PNG writer");
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 8-bit RGB from interleaved 8-bit codes [h, w, 3]. */
    public static byte[] encodeRgb8(int w, int h, int[] rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) px[i] = (rgb[i * 3] << 16) | (rgb[i * 3 + 1] << 8) | rgb[i * 3 + 2];
        img.setRGB(0, 0, w, h, px, 0, w);
        return encode(img);
    }

    /** 8-bit grey from codes 0..255. */
    public static byte[] encodeGray8(int w, int h, int[] codes) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setPixels(0, 0, w, h, codes);
        return encode(img);
    }

    /** 16-bit grey from codes 0..65535. */
    public static byte[] encodeGray16(int w, int h, int[] codes) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        short[] d = ((DataBufferUShort) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < d.length; i++) d[i] = (short) codes[i];
        return encode(img);
    }

    /** Reads a grey PNG's codes and its bit depth scale (255 or 65535). */
    public static int[] readGrayCodes(Path file, int[] maxOut) {
        BufferedImage img = read(file);
        int w = img.getWidth(), h = img.getHeight();
        int bits = img.getColorModel().getComponentSize(0);
        int[] codes = img.getRaster().getPixels(0, 0, w, h, (int[]) null);
        if (img.getRaster().getNumBands() != 1) throw new DmException("alpha file is not single-channel: " + file);
        maxOut[0] = bits == 16 ? 65535 : 255;
        return codes;
    }

    public static void write(Path file, byte[] bytes) {
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    public static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
