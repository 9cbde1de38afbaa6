package org.diffumatting.models.clip;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.ModuleList;
import org.diffumatting.models.nn.ParamInit;

/** transformers {@code CLIPEncoder}: {@code layers.0 .. layers.L-1}, applied in order. */
public final class CLIPEncoder extends DmModule {
    private final ModuleList<CLIPEncoderLayer> layers;

    public CLIPEncoder(CLIPTextConfig config, ParamInit init) {
        this.layers = child("layers", new ModuleList<>());
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(new CLIPEncoderLayer(config, init));
        }
    }

    /** Runs the first {@code count} layers: [B, T, D] -> [B, T, D]. */
    public Tensor forward(Tensor h, int count) {
        Tensor out = h;
        for (int i = 0; i < count; i++) {
            out = layers.get(i).forward(out);
        }
        return out;
    }

    public int size() {
        return layers.size();
    }
}
