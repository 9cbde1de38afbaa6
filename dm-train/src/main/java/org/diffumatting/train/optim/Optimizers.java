package org.diffumatting.train.optim;

import java.nio.file.Path;
import java.util.Collection;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.diffumatting.common.DmException;

/**
 * libtorch's AdamW ({@code torch::optim::AdamW}, Loshchilov &amp; Hutter 2019, decoupled weight decay) and its
 * state I/O. JavaCPP exposes no accessor for the per-parameter state (exp_avg, exp_avg_sq, step), so the state
 * is written with libtorch's own serializer ({@code optimizer.save(OutputArchive)}, a TorchScript zip archive)
 * into the checkpoint folder, which is itself written atomically. This is the one non-safetensors file.
 */
public final class Optimizers {
    private Optimizers() {}

    /** AdamW over {@code params} (created outside any memory scope; the caller keeps it for the whole run). */
    public static AdamW adamW(Collection<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        TensorVector v = new TensorVector(params.toArray(new Tensor[0]));
        AdamWOptions o = new AdamWOptions(lr);
        // betas is a std::tuple<double, double>; libstdc++ lays tuples out last element first, so find the
        // slot of beta1 from the defaults (0.9, 0.999) instead of assuming an order.
        org.bytedeco.javacpp.DoublePointer b = o.betas();
        boolean reversed = b.get(0) == 0.999 && b.get(1) == 0.9;
        b.put(reversed ? 1 : 0, beta1);
        b.put(reversed ? 0 : 1, beta2);
        o.eps().put(eps);
        o.weight_decay().put(weightDecay);
        AdamW opt = new AdamW(v, o);
        opt.retainReference();
        return opt;
    }

    /** Sets the learning rate of every parameter group. */
    public static void setLearningRate(AdamW opt, double lr) {
        for (long i = 0; i < opt.param_groups().size(); i++) opt.param_groups().get(i).options().set_lr(lr);
    }

    /** Writes the optimizer state to {@code file}. */
    public static void save(AdamW opt, Path file) {
        OutputArchive a = new OutputArchive();
        opt.save(a);
        a.save_to(file.toString());
    }

    /** Restores the optimizer state from {@code file}. */
    public static void load(AdamW opt, Path file) {
        InputArchive a = new InputArchive();
        try {
            a.load_from(file.toString());
            opt.load(a);
        } catch (RuntimeException e) {
            throw new DmException(file + ": cannot read optimizer state: " + e.getMessage().split("\n")[0], e);
        }
    }
}
