package org.diffumatting.data.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffumatting.data.image.RgbaImage;
import org.junit.jupiter.api.Test;

class PlacementAndEncodingTest {
    /** An opaque w x h red block. */
    static RgbaImage block(int w, int h) {
        float[] p = new float[w * h * 4];
        for (int i = 0; i < w * h; i++) {
            p[i * 4] = 0.9f;
            p[i * 4 + 3] = 1f;
        }
        return new RgbaImage(w, h, p);
    }

    @Test
    void placedObjectStaysInsideTheMarginsWithItsArea() {
        ObjectPlacer.Ranges noRot = new ObjectPlacer.Ranges(0.1, 1.0, 1.0, 0.0, 0, 0.0, 0, 0, 0);
        for (int seed = 0; seed < 20; seed++) {
            ObjectPlacer.Ranges r = seed % 2 == 0 ? ObjectPlacer.DEFAULT : noRot;
            ObjectPlacer.Placed p = ObjectPlacer.place(block(50, 25), 64, r, SampleRng.of(seed, "b"));
            int[] box = p.canvas().alphaBox(0.01f);
            assertNotNull(box);
            // the free box is [64 m, 64 (1 - m)]; bilinear reconstruction may touch one more pixel on each side
            int lo = (int) Math.floor(64 * r.margin()) - 1, hi = (int) Math.ceil(64 * (1 - r.margin())) + 1;
            assertTrue(box[0] >= lo && box[1] >= lo && box[2] <= hi && box[3] <= hi, "inside margins: " + java.util.Arrays.toString(box));
            if (seed % 2 == 1) {
                double sum = 0;
                for (int i = 3; i < p.canvas().p().length; i += 4) sum += p.canvas().p()[i];
                // scale 1 of the free box: 51.2 x 25.6 px, area conserved by the area filter + bilinear warp
                assertEquals(51.2 * 25.6, sum, 51.2 * 25.6 * 0.03);
            }
        }
    }

    @Test
    void jitterChangesColourNotAlpha() {
        RgbaImage a = block(4, 4);
        float alpha = a.p()[3];
        ObjectPlacer.jitter(a, 1.1, 0.9, 0.5);
        assertEquals(alpha, a.p()[3]);
        assertTrue(a.p()[1] > 0, "saturation moved green up towards luminance");
    }

    @Test
    void encoderCompositesQuantisedValuesOnGreen() {
        float[] p = {0.5f * 0.5f, 0.2f * 0.5f, 0.8f * 0.5f, 0.5f}; // colour (0.5, 0.2, 0.8), alpha 0.5
        GreenEncoder.Encoded e = GreenEncoder.encode(new RgbaImage(1, 1, p), false);
        java.awt.image.BufferedImage img = org.diffumatting.data.image.PngFiles.read(write(e.image()));
        int rgb = img.getRGB(0, 0);
        // a8 = 128, F8 = (128, 51, 204): I = F a + (1 - a) (0, 255, 0)
        double a = 128 / 255.0;
        assertEquals(Math.round(128 * a), (rgb >> 16) & 255);
        assertEquals(Math.round(51 * a + (1 - a) * 255), (rgb >> 8) & 255);
        assertEquals(Math.round(204 * a), rgb & 255);
        assertEquals(1.0, e.softFraction());
    }

    static java.nio.file.Path write(byte[] b) {
        try {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("enc", ".png");
            java.nio.file.Files.write(f, b);
            f.toFile().deleteOnExit();
            return f;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
