package org.diffumatting.train.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Exponential moving average of trained weights (Polyak averaging), with diffusers' {@code EMAModel} warm-up
 * of the decay (diffusers/training_utils.py, {@code get_decay} with {@code use_ema_warmup=False}):
 * <pre>
 *   d_k = min(decay, (1 + k) / (10 + k)),   ema = d_k * ema + (1 - d_k) * theta
 * </pre>
 * k = number of updates so far. Shadow tensors are float32 copies, created outside any memory scope.
 */
public final class Ema {
    private final double decay;
    private final Map<String, Tensor> shadow = new LinkedHashMap<>();
    private long updates;

    /** Copies the current values of {@code params} (name -> live parameter). */
    public Ema(Map<String, Tensor> params, double decay) {
        this.decay = decay;
        try (NoGradGuard g = new NoGradGuard()) {
            params.forEach((k, v) -> {
                Tensor c = v.detach().clone();
                c.retainReference();
                shadow.put(k, c);
            });
        }
    }

    /** The decay used for update number k. */
    public double decayAt(long k) {
        return Math.min(decay, (1.0 + k) / (10.0 + k));
    }

    /** One averaging step towards the current parameters. */
    public void update(Map<String, Tensor> params) {
        double d = decayAt(updates);
        try (NoGradGuard g = new NoGradGuard()) {
            for (Map.Entry<String, Tensor> e : params.entrySet()) {
                Tensor s = shadow.get(e.getKey());
                s.mul_(new Scalar(d)).add_(e.getValue().detach(), new Scalar(1 - d));
            }
        }
        updates++;
    }

    /** The shadow tensors (live; name -> tensor). */
    public Map<String, Tensor> shadow() {
        return shadow;
    }

    public long updates() {
        return updates;
    }

    /** Restores the shadow values and update count from a checkpoint. */
    public void restore(Map<String, Tensor> values, long updateCount) {
        try (NoGradGuard g = new NoGradGuard()) {
            for (Map.Entry<String, Tensor> e : shadow.entrySet()) {
                Tensor v = values.get(e.getKey());
                if (v == null) throw new IllegalStateException("EMA checkpoint lacks '" + e.getKey() + "'");
                e.getValue().copy_(v);
            }
        }
        this.updates = updateCount;
    }
}
