package org.diffumatting.train.loss;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.tensor.Tensors;

/**
 * A total loss (0-dim tensor, with its autograd graph) and its named, unweighted terms (for logs).
 *
 * @param total the objective to back-propagate
 * @param terms each term's value before its lambda, in a stable order (e.g. eps, green, tb)
 */
public record LossTerms(Tensor total, Map<String, Tensor> terms) {
    public LossTerms {
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
    }

    /** The total and every term as numbers ({@code "loss"} first), reading them from the device. */
    public Map<String, Double> values() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", (double) Tensors.item(total));
        terms.forEach((k, v) -> out.put(k, (double) Tensors.item(v)));
        return out;
    }
}
