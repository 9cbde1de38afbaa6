package org.diffumatting.models.unet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.loading.StateDict;
import org.diffumatting.models.loading.StrictLoader;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.tensor.Noise;
import org.junit.jupiter.api.Test;

class Transformer2DModelTest {

    /** SD 2.x's Linear proj_in/proj_out compute what SD 1.x's 1x1 convs compute with the same weights. */
    @Test
    void linearProjectionEqualsOneByOneConvolution() {
        try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            Transformer2DModel conv = new Transformer2DModel(ParamInit.seeded(3), 2, 8, 16, 1, 12, 4, false);
            Transformer2DModel lin = new Transformer2DModel(ParamInit.empty(), 2, 8, 16, 1, 12, 4, true);
            Map<String, Tensor> sd = new java.util.LinkedHashMap<>(StateDict.of(conv));
            for (String k : new String[] {"proj_in.weight", "proj_out.weight"}) sd.put(k, sd.get(k).flatten(1, 3)); // [o, i, 1, 1] -> [o, i]
            StrictLoader.load(lin, sd, "conv weights");
            Tensor x = Noise.randn(new long[] {1}, 16, 4, 6);
            Tensor c = Noise.randn(new long[] {2}, 5, 12);
            double d = conv.forward(x, c).sub(lin.forward(x, c)).abs().max().item_double();
            assertTrue(d < 1e-5, "max diff " + d);
        }
    }
}
