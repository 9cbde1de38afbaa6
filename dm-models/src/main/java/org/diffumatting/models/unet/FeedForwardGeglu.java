package org.diffumatting.models.unet;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.Identity;
import org.diffumatting.models.nn.Linear;
import org.diffumatting.models.nn.ModuleList;
import org.diffumatting.models.nn.ParamInit;

/**
 * diffusers' {@code FeedForward} with {@code activation_fn="geglu"} (diffusers/models/attention.py,
 * GEGLU from Shazeer 2020, "GLU Variants Improve Transformer"):
 * <pre>
 *   [h, g] = chunk(net.0.proj(x), 2, dim=-1)   // net.0.proj: [2*inner, dim], inner = 4*dim
 *   y = net.2(h * gelu(g))                      // net.2: [dim, inner]; net.1 is dropout
 * </pre>
 */
public final class FeedForwardGeglu extends DmModule {
    private final Linear proj;
    private final Linear out;

    public FeedForwardGeglu(ParamInit init, int dim, int mult) {
        int inner = dim * mult;
        ModuleList<DmModule> net = child("net", new ModuleList<>());
        Geglu geglu = (Geglu) net.add(new Geglu(init, dim, inner));
        this.proj = geglu.proj;
        net.add(new Identity()); // net.1: dropout
        this.out = (Linear) net.add(new Linear(init, inner, dim, true));
    }

    /** [B, N, dim] -> [B, N, dim]. */
    public Tensor forward(Tensor x) {
        TensorVector hg = proj.forward(x).chunk(2, -1); // 2 x [B, N, inner]
        // owning handles: TensorVector.get returns references into hg, which may be freed once unreachable
        Tensor hidden = new Tensor(hg.get(0));
        Tensor gate = new Tensor(hg.get(1));
        Tensor h = hidden.mul(torch.gelu(gate));
        return out.forward(h);
    }

    /** The {@code net.0} module holding the GEGLU projection {@code proj}. */
    static final class Geglu extends DmModule {
        final Linear proj;

        Geglu(ParamInit init, int dim, int inner) {
            this.proj = child("proj", new Linear(init, dim, inner * 2, true));
        }
    }
}
