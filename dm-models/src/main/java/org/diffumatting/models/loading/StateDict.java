package org.diffumatting.models.loading;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.StringTensorDictItem;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.nn.Shapes;

/** The state dict of a module: its parameters and buffers by dotted name, in registration order. */
public final class StateDict {
    private StateDict() {}

    /** name -> tensor (the live parameters/buffers, not copies), parameters first. */
    public static LinkedHashMap<String, Tensor> of(Module m) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        addAll(out, m.named_parameters(true));
        addAll(out, m.named_buffers(true));
        return out;
    }

    /** name -> shape, in the order of {@link #of(Module)}. */
    public static LinkedHashMap<String, long[]> shapes(Module m) {
        LinkedHashMap<String, long[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : of(m).entrySet()) out.put(e.getKey(), Shapes.of(e.getValue()));
        return out;
    }

    /** Total number of elements of all parameters and buffers. */
    public static long numel(Module m) {
        long n = 0;
        for (long[] s : shapes(m).values()) n += Shapes.numel(s);
        return n;
    }

    private static void addAll(Map<String, Tensor> out, StringTensorDict d) {
        for (long i = 0; i < d.size(); i++) {
            StringTensorDictItem it = d.get(i);
            // item.value() points into the dict, which dies with it: keep an owning handle (same TensorImpl)
            out.put(it.key().getString(), new Tensor(it.value()));
        }
    }
}
