package org.diffumatting.models.clip;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.Linear;
import org.diffumatting.models.nn.ParamInit;

/**
 * The CLIP feed-forward block (transformers {@code CLIPMLP}): {@code fc2(act(fc1(x)))} with
 * fc1: D -> intermediate_size, fc2: intermediate_size -> D, act = quick_gelu (x * sigmoid(1.702 x),
 * transformers activations.QuickGELUActivation) or gelu (erf form).
 */
public final class CLIPMLP extends DmModule {
    private final Linear fc1;
    private final Linear fc2;
    private final boolean quickGelu;

    public CLIPMLP(CLIPTextConfig config, ParamInit init) {
        this.fc1 = child("fc1", new Linear(init, config.hiddenSize(), config.intermediateSize(), true));
        this.fc2 = child("fc2", new Linear(init, config.intermediateSize(), config.hiddenSize(), true));
        this.quickGelu = config.hiddenAct().equals("quick_gelu");
    }

    /** @param x [B, T, D] -> [B, T, D] */
    public Tensor forward(Tensor x) {
        Tensor h = fc1.forward(x); // [B, T, I]
        h = quickGelu ? h.mul(torch.sigmoid(h.mul(new Scalar(1.702)))) : torch.gelu(h);
        return fc2.forward(h);
    }
}
