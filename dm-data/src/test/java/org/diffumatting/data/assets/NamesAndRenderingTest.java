package org.diffumatting.data.assets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.diffumatting.data.image.RgbaImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamesAndRenderingTest {
    @TempDir
    Path tmp;

    @Test
    void clipArtAuthorsAreRemoved() {
        List<String> stems = List.of("armadillo_architetto_fra_01", "acquila_architetto_franc_01", "clessidra_architetto_fra_01",
                "table_tennis_omar_abo-na_01", "lamp_sergio_luiz_araujo__01", "soccer_ballon_tanguy_jac_", "star_23pt10step",
                "gnome-mime-image", "hat_02");
        OpenclipartNames n = new OpenclipartNames(stems);
        assertEquals("armadillo", n.name("armadillo_architetto_fra_01"));
        assertEquals("acquila", n.name("acquila_architetto_franc_01"));
        assertEquals("star", n.name("star_23pt10step"));
        assertEquals("image", n.name("gnome-mime-image"));
        assertEquals("hat", n.name("hat_02"));
        assertTrue(n.name("table_tennis_omar_abo-na_01").startsWith("table"), n.name("table_tennis_omar_abo-na_01"));
        assertTrue(!n.name("lamp_sergio_luiz_araujo__01").contains("araujo"));
    }

    @Test
    void emojiNamesByCodepointsAndSlug() throws Exception {
        Path f = tmp.resolve("emoji.json");
        Files.writeString(f, "[{\"name\":\"RED HEART\",\"unified\":\"2764-FE0F\",\"non_qualified\":\"2764\",\"short_names\":[\"heart\"],"
                + "\"category\":\"Smileys & Emotion\",\"subcategory\":\"heart\"},{\"name\":\"WAVING HAND SIGN\",\"unified\":\"1F44B\","
                + "\"non_qualified\":null,\"short_names\":[\"wave\"],\"category\":\"People & Body\",\"subcategory\":\"hand-fingers-open\","
                + "\"skin_variations\":{\"1F3FB\":{\"unified\":\"1F44B-1F3FB\"}}}]");
        EmojiNames n = EmojiNames.load(f);
        assertEquals("red heart", n.byCodepoints("2764").name());
        assertEquals("red heart", n.byCodepoints("2764-fe0f").name());
        assertEquals("waving hand sign, light skin tone", n.byCodepoints("1f44b-1f3fb").name());
        assertEquals("2764", n.bySlug("red-heart").codepoints());
        assertTrue(n.byCodepoints("1f44b").keywords().contains("wave"));
        assertNull(n.byCodepoints("1f9ff"));
    }

    @Test
    void svgIsRasterisedTrimmedAndFitted() throws Exception {
        String svg = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 40 20'><rect x='10' y='5' width='20' height='10' fill='#3366cc'/></svg>";
        RgbaImage full = RgbaImage.fromBufferedImage(SvgRasterizer.renderString(svg, 64));
        assertEquals(64, full.width());
        RgbaImage t = ObjectRenderer.trimAndFit(full, 64);
        assertEquals(32, t.width(), 1);
        assertEquals(16, t.height(), 1);
        RgbaImage small = ObjectRenderer.trimAndFit(full, 16);
        assertEquals(16, Math.max(small.width(), small.height()));
        RgbaImage opaque = new RgbaImage(8, 8, filled(8 * 8 * 4, 1f));
        assertThrows(ObjectRenderer.SkipException.class, () -> ObjectRenderer.trimAndFit(opaque, 32));
    }

    @Test
    void hugePngsAreDecodedSubsampled() throws Exception {
        java.awt.image.BufferedImage big = new java.awt.image.BufferedImage(1200, 400, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D g = big.createGraphics();
        g.setColor(java.awt.Color.RED);
        g.fillOval(100, 50, 1000, 300);
        g.dispose();
        Path f = tmp.resolve("big.png");
        javax.imageio.ImageIO.write(big, "png", f.toFile());
        java.awt.image.BufferedImage r = ObjectRenderer.readReduced(f, 64);
        assertEquals(1200 / 9, r.getWidth(), 1); // f = floor(1200 / 128) = 9
        assertTrue(r.getWidth() >= 128);
        assertEquals(1200, ObjectRenderer.readReduced(f, 512).getWidth(), "no subsampling below 4 x size");
    }

    static float[] filled(int n, float v) {
        float[] f = new float[n];
        java.util.Arrays.fill(f, v);
        return f;
    }
}
