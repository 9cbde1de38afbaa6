package org.diffumatting.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.junit.jupiter.api.Test;

class ImageTensorsTest {
    private static RgbImage ramp(int w, int h, int offset) {
        RgbImage img = RgbImage.zeros(w, h);
        for (int i = 0; i < img.data().length; i++) img.data()[i] = ((i * 37 + offset) % 256) / 255f;
        return img;
    }

    @Test
    void rgbRoundTripAndLayout() {
        try (MemoryScope s = MemoryScope.open()) {
            RgbImage a = ramp(5, 3, 0);
            RgbImage b = ramp(5, 3, 100);
            a.set(1, 0, 0, 1f); // red of pixel x=1, y=0
            a.set(1, 0, 2, 0f); // blue of pixel x=1, y=0
            Tensor t = ImageTensors.fromRgb(List.of(a, b));
            assertArrayEquals(new long[] {2, 3, 3, 5}, Tensors.shape(t));
            float[] v = Tensors.toFloats(t);
            assertEquals(1f, v[0 * 15 + 0 * 5 + 1], "[0, red, y=0, x=1] = 2*1-1");
            assertEquals(-1f, v[2 * 15 + 0 * 5 + 1], "[0, blue, y=0, x=1] = 2*0-1");
            for (float f : v) assertTrue(f >= -1f && f <= 1f);
            List<RgbImage> back = ImageTensors.toRgb(t);
            assertEquals(2, back.size());
            assertArrayEquals(a.data(), back.get(0).data(), 1e-6f);
            assertArrayEquals(b.data(), back.get(1).data(), 1e-6f);
        }
    }

    @Test
    void alphaRoundTripAndClamp() {
        try (MemoryScope s = MemoryScope.open()) {
            AlphaMap m = AlphaMap.zeros(4, 2);
            for (int i = 0; i < 8; i++) m.data()[i] = i / 7.0;
            Tensor t = ImageTensors.fromAlpha(List.of(m));
            assertArrayEquals(new long[] {1, 1, 2, 4}, Tensors.shape(t));
            AlphaMap back = ImageTensors.toAlpha(t).get(0);
            assertArrayEquals(m.data(), back.data(), 1e-7);

            Tensor out = Tensors.fromFloats(new float[] {-0.5f, 0.25f, 1.5f, Float.NaN}, 1, 1, 2, 2);
            assertArrayEquals(new double[] {0, 0.25, 1, 0}, ImageTensors.toAlpha(out).get(0).data(), 0);
            Tensor rgb = Tensors.fromFloats(new float[] {-3f, 0f, 3f}, 1, 3, 1, 1).to(DType.BF16.scalarType());
            assertArrayEquals(new float[] {0f, 0.5f, 1f}, ImageTensors.toRgb(rgb).get(0).data(), 0f);
        }
    }

    @Test
    void mismatchedSizesAndShapesAreNamed() {
        try (MemoryScope s = MemoryScope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ImageTensors.fromRgb(List.of(ramp(4, 4, 0), ramp(4, 3, 0))));
            assertTrue(e.getMessage().contains("image 1 is 4x3, image 0 is 4x4"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ImageTensors.toAlpha(Tensors.fromFloats(new float[6], 1, 3, 1, 2)));
            assertTrue(e.getMessage().contains("expected shape [*, 1, *, *], got [1, 3, 1, 2]"), e.getMessage());
        }
    }
}
