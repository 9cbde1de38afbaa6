package org.diffumatting.train.stage;

import java.nio.file.Path;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.models.vae.AutoencoderKL;
import org.diffumatting.tensor.Tensors;

/**
 * A trained AutoencoderKL loaded for the head and unet stages: every parameter frozen (requires_grad false),
 * eval mode. Gradients can still flow <em>through</em> it to its input (pixel-space loss options).
 */
final class FrozenVae {
    private FrozenVae() {}

    /**
     * Loads {@code path}: a vae/ component folder (config.json + diffusion_pytorch_model.safetensors), or a model
     * folder that contains vae/ (the output of {@code dm train vae}).
     */
    static AutoencoderKL load(Path path, String key) {
        AutoencoderKL vae = StageComponents.load(path, "vae", AutoencoderKL.class, key);
        freeze(vae);
        return vae;
    }

    /**
     * requires_grad false on every parameter. (These modules have no dropout or batch norm, so train/eval mode
     * makes no difference; libtorch's Module::train is not called on them.)
     */
    static void freeze(Module m) {
        for (Tensor p : org.diffumatting.train.ModuleTensors.parameters(m, false).values()) p.requires_grad_(false);
    }

    /** z_G: the model latent of the pure green canvas, [1, L, H/f, W/f] (posterior mode, scaled). */
    static Tensor greenLatent(AutoencoderKL vae, int resolution) {
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor green = Tensors.fromFloats(new float[] {-1f, 1f, -1f}, 1, 3, 1, 1).repeat(1, 1, resolution, resolution);
            Tensor z = vae.toModelLatents(vae.encode(green).mode()).detach().clone();
            z.retainReference();
            return z;
        }
    }
}
