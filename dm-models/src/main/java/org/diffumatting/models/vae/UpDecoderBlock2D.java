package org.diffumatting.models.vae;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.nn.Activation;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.ModuleList;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.nn.ResnetBlock2D;
import org.diffumatting.models.nn.Upsample2D;

/**
 * diffusers' {@code UpDecoderBlock2D}: {@code layers} (= layers_per_block + 1) resnets without
 * time embedding, then, except at the last level, nearest x2 + 3x3 conv ({@code upsamplers.0.conv}).
 */
public final class UpDecoderBlock2D extends DmModule {
    private final ModuleList<ResnetBlock2D> resnets;
    private final Upsample2D upsampler;

    public UpDecoderBlock2D(ParamInit init, int in, int out, int layers, int groups, double eps, Activation act,
                            boolean addUpsample) {
        this.resnets = child("resnets", new ModuleList<>());
        for (int i = 0; i < layers; i++) resnets.add(new ResnetBlock2D(init, i == 0 ? in : out, out, null, groups, eps, act, 1.0));
        if (addUpsample) {
            ModuleList<Upsample2D> us = child("upsamplers", new ModuleList<>());
            this.upsampler = us.add(new Upsample2D(init, out, out));
        } else {
            this.upsampler = null;
        }
    }

    /** [B, C_in, H, W] -> [B, C_out, 2H, 2W] (H, W at the last level). */
    public Tensor forward(Tensor h) {
        for (ResnetBlock2D r : resnets) h = r.forward(h, null);
        return upsampler == null ? h : upsampler.forward(h);
    }
}
