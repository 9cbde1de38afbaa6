package org.diffumatting.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.tensor.Tensors;
import org.junit.jupiter.api.Test;

class RandomCropTest {
    /** [B, C, 8, 8] whose value at (b, c, y, x) is 1000 b + 100 c + 10 y + x: a crop's values give its window. */
    private static Tensor coded(int batch, int channels) {
        float[] v = new float[batch * channels * 64];
        int i = 0;
        for (int b = 0; b < batch; b++) for (int c = 0; c < channels; c++) for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) {
            v[i++] = 1000 * b + 100 * c + 10 * y + x;
        }
        return Tensors.fromFloats(v, batch, channels, 8, 8);
    }

    @Test
    void eachSampleGetsOneWindowSharedByImageAlphaAndForeground() {
        int batch = 6;
        DataBatch b = new DataBatch(List.of("a", "b", "c", "d", "e", "f"), List.of("", "", "", "", "", ""), new int[] {0, 1, 2, 3, 4, 5},
                coded(batch, 3), coded(batch, 1), coded(batch, 3));
        DataBatch c = RandomCrop.of(b, 3, new SplittableRandom(5));
        assertArrayEquals(new long[] {batch, 3, 3, 3}, Tensors.shape(c.image()));
        assertArrayEquals(new long[] {batch, 1, 3, 3}, Tensors.shape(c.alpha()));
        float[] img = Tensors.toFloats(c.image());
        float[] alpha = Tensors.toFloats(c.alpha());
        float[] fg = Tensors.toFloats(c.foreground());
        Set<Integer> corners = new HashSet<>();
        for (int s = 0; s < batch; s++) {
            float corner = alpha[s * 9] - 1000 * s;          // 10 y0 + x0 of the window
            corners.add((int) corner);
            for (int ch = 0; ch < 3; ch++) for (int k = 0; k < 9; k++) {
                float expected = 1000 * s + 100 * ch + corner + 10 * (k / 3) + k % 3;
                assertEquals(expected, img[(s * 3 + ch) * 9 + k], 0f);
                assertEquals(expected, fg[(s * 3 + ch) * 9 + k], 0f);
            }
            int y0 = (int) corner / 10;
            int x0 = (int) corner % 10;
            assertEquals(true, y0 <= 5 && x0 <= 5, "window inside the image: " + corner);
        }
        assertNotEquals(1, corners.size(), "windows differ between samples");
        DataBatch again = RandomCrop.of(b, 3, new SplittableRandom(5));
        assertArrayEquals(img, Tensors.toFloats(again.image()), "the same draws give the same crops");
    }

    @Test
    void aBatchWithoutForegroundStaysWithoutAndTooLargeWindowsAreRefused() {
        DataBatch b = new DataBatch(List.of("a"), List.of(""), new int[] {0}, coded(1, 3), coded(1, 1), null);
        assertNull(RandomCrop.of(b, 8, new SplittableRandom(1)).foreground());
        assertArrayEquals(Tensors.toFloats(b.image()), Tensors.toFloats(RandomCrop.of(b, 8, new SplittableRandom(1)).image()));
        assertThrows(IllegalArgumentException.class, () -> RandomCrop.of(b, 9, new SplittableRandom(1)));
    }
}
