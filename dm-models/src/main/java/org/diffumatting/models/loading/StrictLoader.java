package org.diffumatting.models.loading;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;
import org.diffumatting.models.nn.Shapes;
import org.diffumatting.tensor.safetensors.SafetensorsFile;

/**
 * Strict loading of weights into a module (diffusers/transformers semantics of
 * {@code load_state_dict(strict=True)}): every parameter/buffer of the module must be in the source
 * with the same shape, and the source must hold nothing else. All keys and shapes are checked
 * before any data is read; every problem is reported in one {@link DmException}:
 * {@code <source>: strict load into <Model> failed: 2 missing keys [a, b]; 1 unexpected key [c];
 * 1 shape mismatch [d: checkpoint [3, 3] vs model [4, 4]]} (at most {@value #LISTED} keys listed per
 * kind, then "... and N more").
 *
 * <p>dtype: by default each tensor is converted to the dtype of the module parameter it fills
 * ({@link DtypePolicy#CONVERT}); {@link DtypePolicy#REQUIRE_MATCH} makes a dtype difference an error.
 * To load into a different dtype, build the module with {@code ParamInit.withDtype(...)}.
 * Modules built with {@code ParamInit.meta()} cannot be loaded (no storage).
 */
public final class StrictLoader {
    /** How many keys of each kind an error lists. */
    public static final int LISTED = 20;

    /** What to do when a checkpoint tensor's dtype differs from the module parameter's. */
    public enum DtypePolicy { CONVERT, REQUIRE_MATCH }

    /**
     * Implemented by a module whose checkpoints may hold keys that are not its parameters or buffers
     * (CLIPTextModel: {@code text_model.embeddings.position_ids}, saved by older transformers): the
     * loader matches against {@code checkpointView(source)} instead of the raw source.
     */
    public interface CheckpointView {
        TensorSource checkpointView(TensorSource source);
    }

    private StrictLoader() {}

    /** Loads {@code file} (safetensors) into {@code module}, converting dtypes. */
    public static void load(Module module, Path file) {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            load(module, TensorSource.of(f), DtypePolicy.CONVERT);
        }
    }

    /** Loads an in-memory state dict into {@code module}, converting dtypes. */
    public static void load(Module module, Map<String, Tensor> tensors, String label) {
        load(module, TensorSource.of(tensors, label), DtypePolicy.CONVERT);
    }

    /** Loads {@code source} into {@code module}. */
    public static void load(Module module, TensorSource source, DtypePolicy policy) {
        if (module instanceof CheckpointView view) source = view.checkpointView(source);
        LinkedHashMap<String, Tensor> target = StateDict.of(module);
        String model = module.getClass().getSimpleName();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        List<String> wrongDtype = new ArrayList<>();
        Set<String> present = source.names();
        for (Map.Entry<String, Tensor> e : target.entrySet()) {
            String k = e.getKey();
            if (!present.contains(k)) {
                missing.add(k);
                continue;
            }
            long[] want = Shapes.of(e.getValue());
            long[] got = source.shape(k);
            if (!Arrays.equals(want, got)) {
                mismatched.add(k + ": checkpoint " + Shapes.text(got) + " vs model " + Shapes.text(want));
            } else if (policy == DtypePolicy.REQUIRE_MATCH && source.dtype(k).value != e.getValue().scalar_type().value) {
                wrongDtype.add(k + ": checkpoint " + source.dtype(k) + " vs model " + e.getValue().scalar_type());
            }
        }
        Set<String> unexpected = new TreeSet<>(present);
        unexpected.removeAll(target.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatched.isEmpty() || !wrongDtype.isEmpty()) {
            StringBuilder sb = new StringBuilder(source.label()).append(": strict load into ").append(model).append(" failed: ");
            List<String> parts = new ArrayList<>();
            if (!missing.isEmpty()) parts.add(listing(missing.size(), "missing key", missing));
            if (!unexpected.isEmpty()) parts.add(listing(unexpected.size(), "unexpected key", new ArrayList<>(unexpected)));
            if (!mismatched.isEmpty()) parts.add(listing(mismatched.size(), "shape mismatch", mismatched));
            if (!wrongDtype.isEmpty()) parts.add(listing(wrongDtype.size(), "dtype mismatch", wrongDtype));
            throw new DmException(sb.append(String.join("; ", parts)).toString());
        }
        for (Tensor t : target.values()) {
            if (t.is_meta()) throw new DmException(source.label() + ": cannot load into " + model + " built on the meta device (use ParamInit.empty())");
        }
        try (NoGradGuard g = new NoGradGuard()) {
            for (Map.Entry<String, Tensor> e : target.entrySet()) {
                try (PointerScope scope = new PointerScope()) { // frees each source tensor at once
                    e.getValue().copy_(source.load(e.getKey())); // converts dtype (CONVERT policy)
                }
            }
        }
    }

    private static String listing(int n, String what, List<String> keys) {
        StringBuilder sb = new StringBuilder().append(n).append(' ').append(what).append(n == 1 ? "" : (what.endsWith("h") ? "es" : "s")).append(" [");
        List<String> shown = keys.subList(0, Math.min(LISTED, keys.size()));
        sb.append(String.join(", ", shown));
        if (keys.size() > LISTED) sb.append(", ... and ").append(keys.size() - LISTED).append(" more");
        return sb.append(']').toString();
    }
}
