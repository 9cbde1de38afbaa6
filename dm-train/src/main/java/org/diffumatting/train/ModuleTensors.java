package org.diffumatting.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.loading.StateDict;

/**
 * Named tensors of a module as owned handles. {@code named_parameters()} returns an OrderedDict whose items hold
 * the tensors; JavaCPP's {@code item.value()} points into that dict, which dies with it. Each tensor is therefore
 * re-wrapped with {@code new Tensor(t)} (a new at::Tensor sharing the same storage and autograd identity) and
 * retained, so the handles stay valid for the whole run.
 */
public final class ModuleTensors {
    private ModuleTensors() {}

    /** Parameters (all, or only those with requires_grad) by dotted name, in registration order. */
    public static Map<String, Tensor> parameters(Module m, boolean onlyTrainable) {
        return copy(m.named_parameters(true), onlyTrainable);
    }

    /**
     * Parameters then buffers (the state dict) by dotted name: {@link StateDict#of(Module)}'s owning handles,
     * retained here as well.
     */
    public static Map<String, Tensor> stateDict(Module m) {
        Map<String, Tensor> out = StateDict.of(m);
        for (Tensor t : out.values()) t.retainReference();
        return out;
    }

    private static Map<String, Tensor> copy(StringTensorDict d, boolean onlyTrainable) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (long i = 0; i < d.size(); i++) {
            Tensor t = new Tensor(d.get(i).value());
            t.retainReference();
            if (!onlyTrainable || t.requires_grad()) out.put(d.get(i).key().getString(), t);
        }
        return out;
    }
}
