package org.diffumatting.models.matting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.diffumatting.models.vae.AutoencoderKL;
import org.diffumatting.models.vae.Decoder;
import org.diffumatting.tensor.Noise;
import org.junit.jupiter.api.Test;

class MattingHeadTest {

    @Test
    void outputsAreMattesAndForegroundsInTheUnitRange() {
        try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            AutoencoderKL vae = new AutoencoderKL(TinyConfigs.vae(), ParamInit.seeded(1));
            MattingHead head = new MattingHead(TinyConfigs.mattingHead(), ParamInit.seeded(2));
            Tensor z = Noise.randn(new long[] {3, 4}, 4, 6, 10);
            Decoder.Output d = vae.decodeWithFeatures(z);
            MattingOutput o = head.forward(d.sample(), d.features(), z);
            assertArrayEquals(new long[] {2, 1, 12, 20}, Shapes.of(o.alpha()));
            assertArrayEquals(new long[] {2, 3, 12, 20}, Shapes.of(o.foreground()));
            // large inputs push logits far out: outputs still inside [0, 1]
            MattingOutput big = head.forward(d.sample().mul(new org.bytedeco.pytorch.Scalar(1e4)), d.features(), z);
            for (Tensor t : new Tensor[] {o.alpha(), o.foreground(), big.alpha(), big.foreground()}) {
                assertTrue(t.min().item_double() >= 0 && t.max().item_double() <= 1);
            }
            assertTrue(o.alpha().std().item_double() > 0, "not constant");
        }
    }

    @Test
    void zeroInitialisedLatentPathStartsWithoutEffect() {
        try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            MattingHead head = new MattingHead(TinyConfigs.mattingHead(), ParamInit.seeded(3));
            Tensor img = Noise.randn(new long[] {1}, 3, 8, 8);
            Tensor feat = Noise.randn(new long[] {2}, 16, 8, 8);
            MattingOutput with = head.forward(img, feat, Noise.randn(new long[] {3}, 4, 4, 4));
            MattingOutput without = head.forward(img, feat, null);
            assertTrue(torch.equal(with.alpha(), without.alpha()));
        }
    }

    @Test
    void mismatchedFeaturesAreRejected() {
        try (PointerScope s = new PointerScope()) {
            MattingHead head = new MattingHead(TinyConfigs.mattingHead(), ParamInit.seeded(3));
            DmException e = assertThrows(DmException.class,
                    () -> head.forward(torch.zeros(1, 3, 8, 8), torch.zeros(1, 16, 4, 4), null));
            assertTrue(e.getMessage().contains("features"), e.getMessage());
        }
    }
}
