package org.diffumatting.models.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.common.DmException;
import org.diffumatting.models.TinyConfigs;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.nn.Shapes;
import org.diffumatting.tensor.Noise;
import org.diffumatting.tensor.Tensors;
import org.junit.jupiter.api.Test;

class AutoencoderKLTest {

    @Test
    void encodeDecodeShapesAndDecoderFeatures() {
        try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            AutoencoderKL vae = new AutoencoderKL(TinyConfigs.vae(), ParamInit.seeded(0));
            Tensor img = Noise.randn(new long[] {1, 2}, 3, 16, 24).tanh();
            DiagonalGaussian post = vae.encode(img);
            assertArrayEquals(new long[] {2, 4, 8, 12}, Shapes.of(post.mean()));
            Tensor z = post.sample(Noise.randn(new long[] {9, 10}, 4, 8, 12));
            Decoder.Output out = vae.decodeWithFeatures(z);
            assertArrayEquals(new long[] {2, 3, 16, 24}, Shapes.of(out.sample()));
            assertArrayEquals(new long[] {2, 16, 16, 24}, Shapes.of(out.features())); // block_out_channels[0]
            assertTrue(torch.equal(out.sample(), vae.decode(z)));
            assertArrayEquals(new long[] {2}, Shapes.of(post.kl()));
        }
    }

    @Test
    void posteriorClampsLogvarAndSamplesWithTheGivenNoise() {
        try (PointerScope s = new PointerScope()) {
            // mean = [1, 2], logvar = [-100, 2*ln 3] -> clamp -30, std = [e^-15, 3]
            Tensor moments = Tensors.fromFloats(new float[] {1, 2, -100, (float) (2 * Math.log(3))}, 1, 4, 1, 1);
            DiagonalGaussian p = new DiagonalGaussian(moments);
            float[] lv = Tensors.toFloats(p.logvar());
            assertEquals(-30f, lv[0], 1e-6f);
            float[] z = Tensors.toFloats(p.sample(Tensors.fromFloats(new float[] {0.5f, -1f}, 1, 2, 1, 1)));
            assertEquals(1 + 0.5 * Math.exp(-15), z[0], 1e-6);
            assertEquals(2 - 3, z[1], 1e-5);
            assertArrayEquals(new float[] {1, 2}, Tensors.toFloats(p.mode()), 0f);
        }
    }

    @Test
    void latentScalingFollowsTheConfig() {
        try (PointerScope s = new PointerScope()) {
            AutoencoderKL vae = new AutoencoderKL(TinyConfigs.vae(), ParamInit.meta());
            Tensor z = Tensors.fromFloats(new float[] {1, -2}, 2);
            float[] x0 = Tensors.toFloats(vae.toModelLatents(z));
            assertEquals(0.18215f, x0[0], 1e-7f);
            assertArrayEquals(new float[] {1, -2}, Tensors.toFloats(vae.fromModelLatents(vae.toModelLatents(z))), 1e-6f);
        }
    }

    @Test
    void inputsThatDoNotFitAreRejected() {
        try (PointerScope s = new PointerScope()) {
            AutoencoderKL vae = new AutoencoderKL(TinyConfigs.vae(), ParamInit.meta());
            DmException e = assertThrows(DmException.class, () -> vae.encode(torch.zeros(1, 3, 15, 16)));
            assertTrue(e.getMessage().contains("multiples of 2"), e.getMessage());
            assertThrows(DmException.class, () -> vae.decode(torch.zeros(1, 3, 4, 4)));
        }
    }
}
