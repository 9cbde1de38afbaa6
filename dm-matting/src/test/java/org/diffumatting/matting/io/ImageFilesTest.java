package org.diffumatting.matting.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
    @TempDir
    Path dir;

    // ---------------------------------------------------------------- fixtures written with plain ImageIO

    /** A BufferedImage with a ComponentColorModel of {@code bands} bands of {@code dataType}. */
    private static BufferedImage component(int w, int h, int bands, int dataType) {
        boolean gray = bands <= 2;
        boolean alpha = bands == 2 || bands == 4;
        ColorSpace cs = ColorSpace.getInstance(gray ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ComponentColorModel cm = new ComponentColorModel(cs, alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, dataType);
        WritableRaster r = cm.createCompatibleWritableRaster(w, h);
        return new BufferedImage(cm, r, false, null);
    }

    private Path writePng(String name, BufferedImage img) throws IOException {
        Path p = dir.resolve(name);
        assertTrue(ImageIO.write(img, "png", p.toFile()));
        return p;
    }

    /** PNG IHDR bit depth and colour type of a file, for checking that a fixture has the intended layout. */
    private static int[] ihdr(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        return new int[] {b[24] & 0xff, b[25] & 0xff};
    }

    private static int[] randomSamples(int n, int max, long seed) {
        Random r = new Random(seed);
        int[] s = new int[n];
        for (int i = 0; i < n; i++) s[i] = r.nextInt(max + 1);
        s[0] = 0;
        s[n - 1] = max; // both extremes present
        return s;
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void gray8RoundTripIsExact() throws IOException {
        AlphaMap a = new AlphaMap(7, 5, Arrays.stream(randomSamples(35, 255, 1)).asDoubleStream().map(v -> v / 255.0).toArray());
        Path p = dir.resolve("a.png");
        ImageFiles.writeAlpha(p, a);
        assertArrayEquals(new int[] {8, 0}, ihdr(p));
        assertEquals(a, ImageFiles.readAlpha(p));
    }

    @Test
    void gray16RoundTripKeepsAll16Bits() throws IOException {
        int[] s = randomSamples(64 * 3, 65535, 2);
        AlphaMap a = new AlphaMap(64, 3, Arrays.stream(s).asDoubleStream().map(v -> v / 65535.0).toArray());
        Path p = dir.resolve("a16.png");
        ImageFiles.writeAlpha(p, a, 16);
        assertArrayEquals(new int[] {16, 0}, ihdr(p));
        AlphaMap back = ImageFiles.readAlpha(p);
        assertEquals(a, back);
        // a value between two 8-bit levels survives
        assertEquals(s[5] / 65535.0, back.data()[5], 0.0);
        // read as RGB: gray replicated, float precision of v/65535
        RgbImage rgb = ImageFiles.readRgb(p);
        assertEquals((float) (s[5] / 65535.0), rgb.data()[15]);
        assertEquals(rgb.data()[15], rgb.data()[16]);
    }

    @Test
    void rgb16AndRgba16AreReadFromTheRaster() throws IOException {
        int w = 9, h = 4;
        BufferedImage rgb = component(w, h, 3, DataBuffer.TYPE_USHORT);
        int[] s = randomSamples(w * h * 3, 65535, 3);
        rgb.getRaster().setPixels(0, 0, w, h, s);
        Path p = writePng("rgb16.png", rgb);
        assertArrayEquals(new int[] {16, 2}, ihdr(p));
        RgbaImage back = ImageFiles.readRgba(p);
        for (int i = 0; i < s.length; i++) assertEquals((float) (s[i] / 65535.0), back.rgb().data()[i]);
        assertTrue(Arrays.stream(back.alpha().data()).allMatch(v -> v == 1.0));
        // RGB without alpha: readAlpha takes the red channel
        assertEquals(s[3] / 65535.0, ImageFiles.readAlpha(p).data()[1], 0.0);

        BufferedImage rgba = component(w, h, 4, DataBuffer.TYPE_USHORT);
        int[] s4 = randomSamples(w * h * 4, 65535, 4);
        rgba.getRaster().setPixels(0, 0, w, h, s4);
        Path p4 = writePng("rgba16.png", rgba);
        assertArrayEquals(new int[] {16, 6}, ihdr(p4));
        RgbaImage b4 = ImageFiles.readRgba(p4);
        AlphaMap alphaOnly = ImageFiles.readAlpha(p4);
        for (int i = 0; i < w * h; i++) {
            for (int c = 0; c < 3; c++) assertEquals((float) (s4[i * 4 + c] / 65535.0), b4.rgb().data()[i * 3 + c]);
            assertEquals(s4[i * 4 + 3] / 65535.0, b4.alpha().data()[i], 0.0);
            assertEquals(s4[i * 4 + 3] / 65535.0, alphaOnly.data()[i], 0.0);
        }
    }

    @Test
    void grayAlpha8UsesTheAlphaChannel() throws IOException {
        BufferedImage ga = component(3, 2, 2, DataBuffer.TYPE_BYTE);
        int[] s = {10, 0, 20, 51, 30, 102, 40, 153, 50, 204, 60, 255};
        ga.getRaster().setPixels(0, 0, 3, 2, s);
        Path p = writePng("ga.png", ga);
        assertArrayEquals(new int[] {8, 4}, ihdr(p));
        AlphaMap a = ImageFiles.readAlpha(p);
        assertArrayEquals(new double[] {0, 51 / 255.0, 102 / 255.0, 153 / 255.0, 204 / 255.0, 1}, a.data(), 0.0);
        RgbImage rgb = ImageFiles.readRgb(p);
        assertEquals(20 / 255f, rgb.get(1, 0, 0));
        assertEquals(20 / 255f, rgb.get(1, 0, 2));
    }

    @Test
    void rgba8RoundTripIsExact() throws IOException {
        int w = 5, h = 3;
        int[] s = randomSamples(w * h * 4, 255, 5);
        float[] rgb = new float[w * h * 3];
        double[] al = new double[w * h];
        for (int i = 0; i < w * h; i++) {
            for (int c = 0; c < 3; c++) rgb[i * 3 + c] = s[i * 4 + c] / 255f;
            al[i] = s[i * 4 + 3] / 255.0;
        }
        Path p = dir.resolve("rgba.png");
        ImageFiles.writeRgba(p, new RgbImage(w, h, rgb), new AlphaMap(w, h, al));
        assertArrayEquals(new int[] {8, 6}, ihdr(p));
        RgbaImage back = ImageFiles.readRgba(p);
        assertArrayEquals(rgb, back.rgb().data());
        assertArrayEquals(al, back.alpha().data(), 0.0);
        assertArrayEquals(al, ImageFiles.readAlpha(p).data(), 0.0);
    }

    @Test
    void rgb8RoundTripIsExactAndOpaque() throws IOException {
        int w = 4, h = 6;
        int[] s = randomSamples(w * h * 3, 255, 6);
        float[] d = new float[s.length];
        for (int i = 0; i < s.length; i++) d[i] = s[i] / 255f;
        Path p = dir.resolve("rgb.png");
        ImageFiles.writeRgb(p, new RgbImage(w, h, d));
        assertArrayEquals(new int[] {8, 2}, ihdr(p));
        RgbaImage back = ImageFiles.readRgba(p);
        assertArrayEquals(d, back.rgb().data());
        assertTrue(Arrays.stream(back.alpha().data()).allMatch(v -> v == 1.0));
    }

    @Test
    void paletteWithTrnsTransparency() throws IOException {
        byte[] r = {(byte) 255, 0, 0, 10};
        byte[] g = {0, (byte) 255, 0, 20};
        byte[] b = {0, 0, (byte) 255, 30};
        byte[] a = {(byte) 255, (byte) 128, 0, (byte) 255};
        IndexColorModel icm = new IndexColorModel(8, 4, r, g, b, a);
        BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_INDEXED, icm);
        img.getRaster().setPixels(0, 0, 4, 1, new int[] {0, 1, 2, 3});
        Path p = writePng("pal.png", img);
        assertEquals(3, ihdr(p)[1]);
        assertTrue(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains("tRNS"));
        RgbaImage back = ImageFiles.readRgba(p);
        assertArrayEquals(new double[] {1, 128 / 255.0, 0, 1}, back.alpha().data(), 0.0);
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 10 / 255f, 20 / 255f, 30 / 255f}, back.rgb().data());
        assertArrayEquals(back.alpha().data(), ImageFiles.readAlpha(p).data(), 0.0);

        // opaque palette: readAlpha takes the red channel of the palette colour
        IndexColorModel opaque = new IndexColorModel(8, 4, r, g, b);
        BufferedImage img2 = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_INDEXED, opaque);
        img2.getRaster().setPixels(0, 0, 4, 1, new int[] {3, 2, 1, 0});
        Path p2 = writePng("pal2.png", img2);
        assertEquals(3, ihdr(p2)[1]);
        assertArrayEquals(new double[] {10 / 255.0, 0, 0, 1}, ImageFiles.readAlpha(p2).data(), 0.0);
    }

    @Test
    void oneBitGrayIsReadAsZeroAndOne() throws IOException {
        BufferedImage img = new BufferedImage(10, 1, BufferedImage.TYPE_BYTE_BINARY);
        img.getRaster().setPixels(0, 0, 10, 1, new int[] {0, 1, 1, 0, 1, 0, 0, 0, 1, 1});
        Path p = writePng("bin.png", img);
        assertEquals(1, ihdr(p)[0]);
        assertArrayEquals(new double[] {0, 1, 1, 0, 1, 0, 0, 0, 1, 1}, ImageFiles.readAlpha(p).data(), 0.0);
    }

    @Test
    void jpegRoundTripIsClose() throws IOException {
        int w = 32, h = 16;
        RgbImage img = RgbImage.filled(w, h, 0.8f, 0.3f, 0.1f);
        Path p = dir.resolve("x.JPG");
        ImageFiles.writeRgb(p, img);
        byte[] bytes = Files.readAllBytes(p);
        assertEquals(0xff, bytes[0] & 0xff);
        assertEquals(0xd8, bytes[1] & 0xff);
        RgbaImage back = ImageFiles.readRgba(p);
        for (int i = 0; i < img.data().length; i++) assertEquals(img.data()[i], back.rgb().data()[i], 3 / 255f);
        assertTrue(Arrays.stream(back.alpha().data()).allMatch(v -> v == 1.0));
    }

    @Test
    void grayJpegAndGrayAlpha16() throws IOException {
        BufferedImage g = new BufferedImage(16, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) for (int x = 0; x < 16; x++) g.getRaster().setSample(x, y, 0, 100);
        Path pj = dir.resolve("gray.jpg");
        assertTrue(ImageIO.write(g, "jpeg", pj.toFile()));
        RgbImage rgb = ImageFiles.readRgb(pj);
        assertEquals(100 / 255f, rgb.get(3, 3, 0), 2 / 255f);
        assertEquals(rgb.get(3, 3, 0), rgb.get(3, 3, 2));
        assertEquals(rgb.get(3, 3, 0), ImageFiles.readAlpha(pj).get(3, 3), 1e-6);

        BufferedImage ga = component(3, 1, 2, DataBuffer.TYPE_USHORT);
        ga.getRaster().setPixels(0, 0, 3, 1, new int[] {1, 0, 2, 12345, 3, 65535});
        Path p = writePng("ga16.png", ga);
        assertArrayEquals(new int[] {16, 4}, ihdr(p));
        assertArrayEquals(new double[] {0, 12345 / 65535.0, 1}, ImageFiles.readAlpha(p).data(), 0.0);
        assertEquals((float) (2 / 65535.0), ImageFiles.readRgb(p).get(1, 0, 1));
    }

    @Test
    void oneByOneImagesOfEveryKind() throws IOException {
        AlphaMap a = new AlphaMap(1, 1, new double[] {0.5});
        Path pa = dir.resolve("1.png");
        ImageFiles.writeAlpha(pa, a);
        assertEquals(128 / 255.0, ImageFiles.readAlpha(pa).data()[0], 0.0); // round(127.5) = 128
        ImageFiles.writeAlpha(pa, a, 16);
        assertEquals(32768 / 65535.0, ImageFiles.readAlpha(pa).data()[0], 0.0);
        RgbImage px = RgbImage.filled(1, 1, 0, 1, 0);
        Path pr = dir.resolve("1rgb.png");
        ImageFiles.writeRgb(pr, px);
        assertEquals(px, ImageFiles.readRgb(pr));
        Path pj = dir.resolve("1.jpeg");
        ImageFiles.writeRgb(pj, px);
        assertEquals(1, ImageFiles.readRgb(pj).width());
        Path pq = dir.resolve("1rgba.png");
        ImageFiles.writeRgba(pq, px, new AlphaMap(1, 1, new double[] {0}));
        assertEquals(0.0, ImageFiles.readRgba(pq).alpha().data()[0]);
        assertArrayEquals(new int[] {1, 1}, ImageFiles.readSize(pq));
    }

    @Test
    void writesClampAndAreDeterministic() throws IOException {
        AlphaMap a = new AlphaMap(3, 1, new double[] {-0.5, Double.NaN, 7});
        Path p1 = dir.resolve("c1.png");
        Path p2 = dir.resolve("c2.png");
        ImageFiles.writeAlpha(p1, a);
        ImageFiles.writeAlpha(p2, a.copy());
        assertArrayEquals(new double[] {0, 0, 1}, ImageFiles.readAlpha(p1).data(), 0.0);
        assertArrayEquals(Files.readAllBytes(p1), Files.readAllBytes(p2));
    }

    @Test
    void alphaAndRgbaRefuseJpegNamesAndBadDepths() {
        AlphaMap a = AlphaMap.zeros(2, 2);
        assertThrows(DmException.class, () -> ImageFiles.writeAlpha(dir.resolve("a.jpg"), a));
        assertThrows(DmException.class, () -> ImageFiles.writeRgba(dir.resolve("a.jpeg"), RgbImage.zeros(2, 2), a));
        assertThrows(IllegalArgumentException.class, () -> ImageFiles.writeAlpha(dir.resolve("a.png"), a, 12));
        assertThrows(IllegalArgumentException.class,
                () -> ImageFiles.writeRgba(dir.resolve("b.png"), RgbImage.zeros(3, 2), a));
        assertFalse(Files.exists(dir.resolve("a.png")));
        assertFalse(Files.exists(dir.resolve("b.png")));
    }

    // ---------------------------------------------------------------- bad files

    private static void assertOneLineError(Path p, String expected, Runnable read) {
        DmException e = assertThrows(DmException.class, read::run);
        String m = e.getMessage();
        assertTrue(m.contains(p.toString()), "message names the file: " + m);
        assertTrue(m.toLowerCase().contains(expected), "message says '" + expected + "': " + m);
        assertFalse(m.contains("\n"), "one line: " + m);
    }

    private static byte[] noisePng(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Random r = new Random(7);
        byte[] px = new byte[w * h * 3];
        r.nextBytes(px);
        img.getRaster().setDataElements(0, 0, w, h, px);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void truncatedPngIsRefused() throws IOException {
        byte[] full = noisePng(64, 64);
        Path p = dir.resolve("trunc.png");
        Files.write(p, Arrays.copyOf(full, full.length / 2));
        assertOneLineError(p, "truncated", () -> ImageFiles.readRgb(p));
        assertOneLineError(p, "truncated", () -> ImageFiles.readAlpha(p));
        Path tiny = dir.resolve("tiny.png");
        Files.write(tiny, Arrays.copyOf(full, 20)); // signature and half an IHDR
        assertOneLineError(tiny, "truncated", () -> ImageFiles.readRgb(tiny));
    }

    @Test
    void truncatedJpegIsRefused() throws IOException {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        byte[] px = new byte[64 * 64 * 3];
        new Random(8).nextBytes(px);
        img.getRaster().setDataElements(0, 0, 64, 64, px);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        byte[] full = out.toByteArray();
        Path p = dir.resolve("trunc.jpg");
        Files.write(p, Arrays.copyOf(full, full.length / 2));
        assertOneLineError(p, "truncated", () -> ImageFiles.readRgb(p));
    }

    @Test
    void garbageMissingEmptyAndDirectoriesAreRefused() throws IOException {
        Path g = dir.resolve("garbage.png");
        byte[] junk = new byte[1000];
        new Random(9).nextBytes(junk);
        junk[0] = 1;
        Files.write(g, junk);
        assertOneLineError(g, "not a png or jpeg", () -> ImageFiles.readRgb(g));

        Path sig = dir.resolve("sig.png"); // a PNG signature followed by junk
        byte[] withSig = junk.clone();
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}, 0, withSig, 0, 8);
        Files.write(sig, withSig);
        assertOneLineError(sig, "corrupt", () -> ImageFiles.readAlpha(sig));

        Path missing = dir.resolve("missing.png");
        assertOneLineError(missing, "no such file", () -> ImageFiles.readAlpha(missing));
        Path empty = dir.resolve("empty.png");
        Files.write(empty, new byte[0]);
        assertOneLineError(empty, "empty", () -> ImageFiles.readAlpha(empty));
        assertOneLineError(dir, "directory", () -> ImageFiles.readAlpha(dir));
    }

    /** A PNG of only signature, IHDR (with a valid CRC) and IEND: the header claims w x h, no pixel data. */
    static byte[] headerOnlyPng(long w, long h) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
        ByteBuffer chunk = ByteBuffer.allocate(17);
        chunk.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt((int) w).putInt((int) h)
                .put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(chunk.array());
        b.putInt(13).put(chunk.array()).putInt((int) crc.getValue());
        CRC32 endCrc = new CRC32();
        endCrc.update("IEND".getBytes(StandardCharsets.US_ASCII));
        b.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt((int) endCrc.getValue());
        return b.array();
    }

    @Test
    void hugeHeaderIsRefusedBeforeDecoding() throws IOException {
        Path p = dir.resolve("bomb.png");
        Files.write(p, headerOnlyPng(100_000, 100_000));
        assertOneLineError(p, "too large", () -> ImageFiles.readRgba(p));
        assertOneLineError(p, "too large", () -> ImageFiles.readAlpha(p));
        DmException e = assertThrows(DmException.class, () -> ImageFiles.readRgb(p));
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
        // a size within the limit passes the check and then fails on the missing data instead
        Path small = dir.resolve("nodata.png");
        Files.write(small, headerOnlyPng(10, 10));
        assertOneLineError(small, "corrupt", () -> ImageFiles.readRgba(small));
    }

    @Test
    void pixelLimitIsConfigurable() {
        Path p = dir.resolve("ten.png");
        ImageFiles.writeAlpha(p, AlphaMap.zeros(10, 10));
        long before = ImageFiles.maxPixels();
        assertEquals(ImageFiles.DEFAULT_MAX_PIXELS, before);
        try {
            ImageFiles.setMaxPixels(99);
            assertOneLineError(p, "too large", () -> ImageFiles.readAlpha(p));
            ImageFiles.setMaxPixels(100);
            assertEquals(100, ImageFiles.readAlpha(p).size());
            assertThrows(IllegalArgumentException.class, () -> ImageFiles.setMaxPixels(0));
        } finally {
            ImageFiles.setMaxPixels(before);
        }
    }
}
