package org.diffumatting.tensor;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;

/**
 * Images and mattes to and from batched NCHW tensors, in the value ranges the diffusion models use:
 * RGB in [-1, 1] (diffusers' {@code VaeImageProcessor.normalize}: {@code 2x - 1}) and alpha in [0, 1].
 * Tensors are float32 on CPU on the way in; on the way out any device and floating dtype is accepted and
 * values are clamped to the valid range (diffusers' {@code denormalize}: {@code (x / 2 + 0.5).clamp(0, 1)}).
 */
public final class ImageTensors {
    private ImageTensors() {}

    /** {@code [B, 3, H, W]} float32 in [-1, 1] from images that all have the same size. */
    public static Tensor fromRgb(List<RgbImage> images) {
        if (images.isEmpty()) throw new IllegalArgumentException("fromRgb: no images");
        int w = images.get(0).width();
        int h = images.get(0).height();
        int plane = w * h;
        float[] data = new float[images.size() * 3 * plane];
        for (int b = 0; b < images.size(); b++) {
            RgbImage img = images.get(b);
            if (img.width() != w || img.height() != h) {
                throw new IllegalArgumentException("fromRgb: image " + b + " is " + img.width() + "x" + img.height()
                        + ", image 0 is " + w + "x" + h + " (a batch needs one size)");
            }
            float[] src = img.data();
            int base = b * 3 * plane;
            // interleaved HWC -> planar CHW
            for (int i = 0; i < plane; i++) {
                data[base + i] = src[3 * i] * 2f - 1f;
                data[base + plane + i] = src[3 * i + 1] * 2f - 1f;
                data[base + 2 * plane + i] = src[3 * i + 2] * 2f - 1f;
            }
        }
        return Tensors.fromFloats(data, images.size(), 3, h, w);
    }

    /** Images from a {@code [B, 3, H, W]} tensor in [-1, 1] (clamped). */
    public static List<RgbImage> toRgb(Tensor t) {
        Tensors.checkShape(t, "toRgb input [B,3,H,W]", -1, 3, -1, -1);
        long[] s = Tensors.shape(t);
        int batch = (int) s[0];
        int h = (int) s[2];
        int w = (int) s[3];
        int plane = w * h;
        float[] v = Tensors.toFloats(t);
        List<RgbImage> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            float[] d = new float[3 * plane];
            int base = b * 3 * plane;
            for (int i = 0; i < plane; i++) {
                for (int c = 0; c < 3; c++) d[3 * i + c] = clamp01(v[base + c * plane + i] * 0.5f + 0.5f);
            }
            out.add(new RgbImage(w, h, d));
        }
        return out;
    }

    /** {@code [B, 1, H, W]} float32 in [0, 1] from mattes that all have the same size. */
    public static Tensor fromAlpha(List<AlphaMap> alphas) {
        if (alphas.isEmpty()) throw new IllegalArgumentException("fromAlpha: no mattes");
        int w = alphas.get(0).width();
        int h = alphas.get(0).height();
        int plane = w * h;
        float[] data = new float[alphas.size() * plane];
        for (int b = 0; b < alphas.size(); b++) {
            AlphaMap a = alphas.get(b);
            if (a.width() != w || a.height() != h) {
                throw new IllegalArgumentException("fromAlpha: matte " + b + " is " + a.width() + "x" + a.height()
                        + ", matte 0 is " + w + "x" + h + " (a batch needs one size)");
            }
            double[] src = a.data();
            for (int i = 0; i < plane; i++) data[b * plane + i] = (float) src[i];
        }
        return Tensors.fromFloats(data, alphas.size(), 1, h, w);
    }

    /** Mattes from a {@code [B, 1, H, W]} tensor in [0, 1] (clamped). */
    public static List<AlphaMap> toAlpha(Tensor t) {
        Tensors.checkShape(t, "toAlpha input [B,1,H,W]", -1, 1, -1, -1);
        long[] s = Tensors.shape(t);
        int batch = (int) s[0];
        int h = (int) s[2];
        int w = (int) s[3];
        int plane = w * h;
        float[] v = Tensors.toFloats(t);
        List<AlphaMap> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            double[] d = new double[plane];
            for (int i = 0; i < plane; i++) d[i] = clamp01(v[b * plane + i]);
            out.add(new AlphaMap(w, h, d));
        }
        return out;
    }

    private static float clamp01(float x) {
        // NaN maps to 0 so that a diverged model never produces an invalid matte
        return x >= 0f ? (x <= 1f ? x : 1f) : 0f;
    }
}
