package org.diffumatting.pipelines;

import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.tensor.Autocast;
import org.diffumatting.tensor.DType;
import org.diffumatting.tensor.ImageTensors;
import org.diffumatting.tensor.MemoryScope;

/**
 * Mattes an existing green-canvas image with a model's VAE and matting head:
 * <pre>
 *   1. pad I [H, W] with pure green (0, 255, 0) on the right and bottom to multiples of m = lcm(8, f)
 *   2. z = mode(E(I_pad))                      posterior mode, [1, L, H'/f, W'/f] (diffusers latent_dist.mode())
 *   3. I_hat, F_dec = D(z); alpha, F = head(I_hat, F_dec, z)     as in generation (GreenCanvasPipeline steps 5-6)
 *   4. crop alpha and F back to [H, W]
 * </pre>
 * Padding with the key colour (rather than resizing) keeps every input pixel as it is and adds only background,
 * which the head maps to alpha 0; the crop then removes it.
 */
public final class MattePipeline {
    private final PipelineModel model;

    public MattePipeline(PipelineModel model) {
        if (!model.hasMattingHead()) throw new IllegalArgumentException("matting needs a model with a matting head");
        this.model = model;
    }

    /** Alpha and green-free foreground of one image. */
    public record Result(AlphaMap alpha, RgbImage foreground, RgbImage reconstruction) {}

    public Result matte(RgbImage image, Device device, DType dtype) {
        int m = lcm(8, model.vaeFactor());
        RgbImage padded = padGreen(image, m);
        try (InferenceMode inference = new InferenceMode(); MemoryScope scope = MemoryScope.open()) {
            Tensor x = ImageTensors.fromRgb(List.of(padded)).to(device, org.bytedeco.pytorch.global.torch.ScalarType.Float); // [1, 3, H', W'] in [-1, 1]
            Tensor z;
            try (Autocast a = Autocast.enable(device, dtype)) {
                z = model.vae().encode(x).mode().to(org.bytedeco.pytorch.global.torch.ScalarType.Float); // [1, L, H'/f, W'/f]
            }
            GreenCanvasPipeline.Matted out = GreenCanvasPipeline.decodeAndMatte(model, z, device, dtype);
            int w = image.width();
            int h = image.height();
            return new Result(cropAlpha(out.alpha().get(0), w, h), cropRgb(out.foreground().get(0), w, h), cropRgb(out.green().get(0), w, h));
        }
    }

    static int lcm(int a, int b) {
        int x = a, y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }

    /** The image on a pure green canvas whose sides are rounded up to multiples of {@code m} (top-left aligned). */
    static RgbImage padGreen(RgbImage img, int m) {
        int w = (img.width() + m - 1) / m * m;
        int h = (img.height() + m - 1) / m * m;
        if (w == img.width() && h == img.height()) return img;
        RgbImage out = RgbImage.filled(w, h, 0f, 1f, 0f);
        float[] src = img.data();
        float[] dst = out.data();
        for (int y = 0; y < img.height(); y++) {
            System.arraycopy(src, y * img.width() * 3, dst, y * w * 3, img.width() * 3);
        }
        return out;
    }

    static RgbImage cropRgb(RgbImage img, int w, int h) {
        if (img.width() == w && img.height() == h) return img;
        float[] d = new float[w * h * 3];
        for (int y = 0; y < h; y++) System.arraycopy(img.data(), y * img.width() * 3, d, y * w * 3, w * 3);
        return new RgbImage(w, h, d);
    }

    static AlphaMap cropAlpha(AlphaMap a, int w, int h) {
        if (a.width() == w && a.height() == h) return a;
        double[] d = new double[w * h];
        for (int y = 0; y < h; y++) System.arraycopy(a.data(), y * a.width(), d, y * w, w);
        return new AlphaMap(w, h, d);
    }
}
