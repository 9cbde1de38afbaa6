package org.diffumatting.models.vae;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.nn.Activation;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.Downsample2D;
import org.diffumatting.models.nn.ModuleList;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.nn.ResnetBlock2D;

/**
 * diffusers' {@code DownEncoderBlock2D}: {@code layers} resnets (no time embedding) then, except at
 * the last level, a stride-2 conv with asymmetric (0,1,0,1) padding ({@code downsamplers.0.conv}).
 */
public final class DownEncoderBlock2D extends DmModule {
    private final ModuleList<ResnetBlock2D> resnets;
    private final Downsample2D downsampler;

    public DownEncoderBlock2D(ParamInit init, int in, int out, int layers, int groups, double eps, Activation act,
                              boolean addDownsample) {
        this.resnets = child("resnets", new ModuleList<>());
        for (int i = 0; i < layers; i++) resnets.add(new ResnetBlock2D(init, i == 0 ? in : out, out, null, groups, eps, act, 1.0));
        if (addDownsample) {
            ModuleList<Downsample2D> ds = child("downsamplers", new ModuleList<>());
            this.downsampler = ds.add(new Downsample2D(init, out, out, 0));
        } else {
            this.downsampler = null;
        }
    }

    /** [B, C_in, H, W] -> [B, C_out, H/2, W/2] (H, W at the last level). */
    public Tensor forward(Tensor h) {
        for (ResnetBlock2D r : resnets) h = r.forward(h, null);
        return downsampler == null ? h : downsampler.forward(h);
    }
}
