package org.diffumatting.models.loading;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.models.nn.Shapes;
import org.diffumatting.tensor.safetensors.SafetensorsFile;

/**
 * Named tensors to load from, known by name and shape before any data is read (so a strict load
 * checks every key and shape first and reads nothing when something is wrong).
 */
public interface TensorSource {
    /** Label used in error messages (a file path, "state dict", ...). */
    String label();

    Set<String> names();

    long[] shape(String name);

    /** The stored element type. */
    torch.ScalarType dtype(String name);

    /** Reads the tensor (CPU, stored dtype). */
    Tensor load(String name);

    /** A source over an in-memory map (not copied). */
    static TensorSource of(Map<String, Tensor> tensors, String label) {
        Map<String, Tensor> view = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        return new TensorSource() {
            public String label() {
                return label;
            }

            public Set<String> names() {
                return view.keySet();
            }

            public long[] shape(String name) {
                return Shapes.of(view.get(name));
            }

            public torch.ScalarType dtype(String name) {
                return view.get(name).scalar_type().intern();
            }

            public Tensor load(String name) {
                return view.get(name);
            }
        };
    }

    /** A source over an open safetensors file (the caller closes the file). */
    static TensorSource of(SafetensorsFile file) {
        return new TensorSource() {
            public String label() {
                return file.path().toString();
            }

            public Set<String> names() {
                return file.names();
            }

            public long[] shape(String name) {
                return file.info(name).shape();
            }

            public torch.ScalarType dtype(String name) {
                return file.info(name).dtype().scalarType();
            }

            public Tensor load(String name) {
                return file.load(name);
            }
        };
    }
}
