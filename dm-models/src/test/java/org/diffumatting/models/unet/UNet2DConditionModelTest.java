package org.diffumatting.models.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.common.DmException;
import org.diffumatting.models.TinyConfigs;
import org.diffumatting.models.loading.ConfigJson;
import org.diffumatting.models.loading.StateDict;
import org.diffumatting.models.nn.FlopCounter;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.nn.Shapes;
import org.diffumatting.tensor.Noise;
import org.diffumatting.tensor.Tensors;
import org.junit.jupiter.api.Test;

class UNet2DConditionModelTest {

    private static double sum(Tensor t) {
        return t.to(torch.ScalarType.Double).sum().item_double();
    }

    private static double absSum(Tensor t) {
        return t.to(torch.ScalarType.Double).abs().sum().item_double();
    }

    @Test
    void forwardKeepsTheLatentShape() {
        try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            UNet2DConditionModel m = new UNet2DConditionModel(TinyConfigs.unet(), ParamInit.seeded(0));
            Tensor x = Noise.randn(new long[] {1, 2}, 4, 16, 16);
            Tensor ctx = Noise.randn(new long[] {3, 4}, 7, 16);
            Tensor t = Tensors.fromLongs(new long[] {10, 900}, 2);
            assertArrayEquals(new long[] {2, 4, 16, 16}, Shapes.of(m.forward(x, t, ctx)));
            // odd sizes: the upsampler follows the skip's size (diffusers' upsample_size)
            Tensor odd = Noise.randn(new long[] {5}, 4, 10, 14);
            Tensor c1 = Noise.randn(new long[] {6}, 5, 16);
            assertArrayEquals(new long[] {1, 4, 10, 14}, Shapes.of(m.forward(odd, Tensors.fromLongs(new long[] {3}, 1), c1)));
            // a single timestep broadcasts over the batch
            assertArrayEquals(new long[] {2, 4, 16, 16}, Shapes.of(m.forward(x, Tensors.fromLongs(new long[] {10}, 1), ctx)));
        }
    }

    /**
     * Golden regression checksum: seeded weights (ParamInit.seeded(42)), seeded inputs (Noise, seeds
     * 100.., 200..), timesteps [1, 500]. Values recorded from this implementation; they change only if
     * the architecture, the initialisation or libtorch's kernels change.
     */
    @Test
    void tinyUnetGoldenOutput() {
        try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            UNet2DConditionModel m = new UNet2DConditionModel(TinyConfigs.unet(), ParamInit.seeded(42));
            Tensor x = Noise.randn(new long[] {100, 101}, 4, 16, 16);
            Tensor ctx = Noise.randn(new long[] {200, 201}, 7, 16);
            Tensor out = m.forward(x, Tensors.fromLongs(new long[] {1, 500}, 2), ctx);
            double sum = sum(out);
            double abs = absSum(out);
            System.out.printf("tiny unet golden: sum=%.9g abs=%.9g first=%.9g%n", sum, abs, Tensors.toFloats(out)[0]);
            assertEquals(GOLDEN_SUM, sum, 1e-4 * Math.max(1, Math.abs(GOLDEN_SUM)));
            assertEquals(GOLDEN_ABS, abs, 1e-4 * GOLDEN_ABS);
            assertEquals(GOLDEN_FIRST, Tensors.toFloats(out)[0], 1e-4);
        }
    }

    static final double GOLDEN_SUM = 116.557267;
    static final double GOLDEN_ABS = 598.982370;
    static final double GOLDEN_FIRST = -0.0615503713;

    @Test
    void timestepFeaturesFollowDiffusers() {
        try (PointerScope s = new PointerScope()) {
            // dim 4, half 2: freqs = exp(-ln(1e4) * [0, 1] / 2) = [1, 0.01]; flip -> [cos, cos, sin, sin]
            Tensor e = new SinusoidalTimesteps(4, true, 0).forward(Tensors.fromLongs(new long[] {0, 100}, 2));
            float[] v = Tensors.toFloats(e);
            assertArrayEquals(new float[] {1, 1, 0, 0, (float) Math.cos(100), (float) Math.cos(1), (float) Math.sin(100), (float) Math.sin(1)}, v, 1e-5f);
            // freq_shift 1 (DDPM): exponent / (half - 1)
            float[] w = Tensors.toFloats(new SinusoidalTimesteps(4, false, 1).forward(Tensors.fromLongs(new long[] {1}, 1)));
            assertArrayEquals(new float[] {(float) Math.sin(1), (float) Math.sin(1e-4), (float) Math.cos(1), (float) Math.cos(1e-4)}, w, 1e-6f);
        }
    }

    @Test
    void controlNetResidualsAreAddedWhereDiffusersAddsThem() {
        try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            UNet2DConditionModel m = new UNet2DConditionModel(TinyConfigs.unet(), ParamInit.seeded(7));
            Tensor x = Noise.randn(new long[] {1}, 4, 8, 8);
            Tensor ctx = Noise.randn(new long[] {2}, 3, 16);
            Tensor t = Tensors.fromLongs(new long[] {5}, 1);
            assertEquals(4, m.skipCount()); // conv_in + resnet + downsampler + resnet
            List<Tensor> zeros = new ArrayList<>();
            long[][] shapes = {{1, 32, 8, 8}, {1, 32, 8, 8}, {1, 32, 4, 4}, {1, 64, 4, 4}};
            for (long[] sh : shapes) zeros.add(torch.zeros(sh));
            Tensor base = m.forward(x, t, ctx);
            Tensor same = m.forward(x, t, ctx, new ControlResiduals(zeros, torch.zeros(1, 64, 4, 4)));
            assertTrue(torch.equal(base, same), "zero residuals change nothing");
            Tensor moved = m.forward(x, t, ctx, new ControlResiduals(null, torch.ones(1, 64, 4, 4)));
            assertTrue(absSum(moved.sub(base)) > 1e-3, "a mid residual changes the output");
            assertThrows(DmException.class, () -> m.forward(x, t, ctx, new ControlResiduals(zeros.subList(0, 2), null)));
        }
    }

    @Test
    void flopCounterCountsConvLinearAndAttention() {
        try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard(); FlopCounter c = FlopCounter.start()) {
            UNet2DConditionModel m = new UNet2DConditionModel(TinyConfigs.unet(), ParamInit.seeded(0));
            m.forward(Noise.randn(new long[] {1}, 4, 8, 8), Tensors.fromLongs(new long[] {1}, 1), Noise.randn(new long[] {2}, 3, 16));
            // conv_in alone: 2 * 32 * 8 * 8 * 4 * 9 = 147456
            assertTrue(c.flops() > 147456L * 10, "counted " + c.flops());
        }
    }

    @Test
    void badSampleShapeIsRejected() {
        try (PointerScope s = new PointerScope()) {
            UNet2DConditionModel m = new UNet2DConditionModel(TinyConfigs.unet(), ParamInit.meta());
            DmException e = assertThrows(DmException.class, () -> m.forward(torch.zeros(1, 3, 8, 8), torch.zeros(1), torch.zeros(1, 3, 16)));
            assertTrue(e.getMessage().contains("[1, 3, 8, 8]"), e.getMessage());
        }
    }

    /**
     * class_embed_type "projection" (diffusers: class_embedding = TimestepEmbedding(D_c, 4 * ch0), emb = emb + class_emb):
     * the diffusers parameter names, the config keys written back, and a grown UNet that starts as the source's function.
     */
    @Test
    void projectionClassEmbeddingAddsToTheTimeEmbedding() {
        try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            UNet2DConditionModel plain = new UNet2DConditionModel(TinyConfigs.unet(), ParamInit.seeded(3));
            UNet2DConditionModel grown = plain.withProjectionClassEmbedding(12, ParamInit.seeded(4));
            var shapes = StateDict.shapes(grown);
            assertArrayEquals(new long[] {128, 12}, shapes.get("class_embedding.linear_1.weight"));
            assertArrayEquals(new long[] {128, 128}, shapes.get("class_embedding.linear_2.weight"));
            assertEquals(StateDict.shapes(plain).size() + 4, shapes.size());
            var json = grown.config().toJson();
            assertEquals("projection", json.get("class_embed_type").asText());
            assertEquals(12, json.get("projection_class_embeddings_input_dim").asInt());
            assertEquals(grown.config(), UNet2DConditionConfig.fromJson(json, "round trip"));

            Tensor x = Noise.randn(new long[] {1, 2}, 4, 8, 8);
            Tensor ctx = Noise.randn(new long[] {3, 4}, 5, 16);
            Tensor t = Tensors.fromLongs(new long[] {10, 700}, 2);
            Tensor y = Noise.randn(new long[] {5, 6}, 12);
            assertTrue(torch.equal(plain.forward(x, t, ctx), grown.forward(x, t, ctx, y, null)), "zero linear_2: the same function");
            StateDict.of(grown).get("class_embedding.linear_2.bias").fill_(new Scalar(0.5));
            assertTrue(absSum(grown.forward(x, t, ctx, y, null).sub(plain.forward(x, t, ctx))) > 1e-3, "the labels now count");

            DmException missing = assertThrows(DmException.class, () -> grown.forward(x, t, ctx));
            assertTrue(missing.getMessage().contains("class_labels"), missing.getMessage());
            DmException width = assertThrows(DmException.class, () -> grown.forward(x, t, ctx, torch.zeros(2, 5), null));
            assertTrue(width.getMessage().contains("[2, 12]"), width.getMessage());
            assertThrows(DmException.class, () -> plain.forward(x, t, ctx, y, null));
        }
    }

    @Test
    void unsupportedClassEmbeddingsAreRejectedByKey() {
        String base = "{\"_class_name\": \"UNet2DConditionModel\", \"block_out_channels\": [32, 64], "
                + "\"down_block_types\": [\"DownBlock2D\", \"DownBlock2D\"], \"up_block_types\": [\"UpBlock2D\", \"UpBlock2D\"], ";
        DmException type = assertThrows(DmException.class, () -> UNet2DConditionConfig.fromJson(
                ConfigJson.parse(base + "\"class_embed_type\": \"timestep\"}", "t"), "t"));
        assertTrue(type.getMessage().contains("class_embed_type"), type.getMessage());
        DmException dim = assertThrows(DmException.class, () -> UNet2DConditionConfig.fromJson(
                ConfigJson.parse(base + "\"class_embed_type\": \"projection\"}", "d"), "d"));
        assertTrue(dim.getMessage().contains("projection_class_embeddings_input_dim"), dim.getMessage());
    }
}
