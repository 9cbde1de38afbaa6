package org.diffumatting.train;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.pytorch.Module;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.train.data.DataBatch;
import org.diffumatting.train.loss.LossTerms;

/**
 * One training stage (vae, head, unet): which module is trained, its loss on a batch, what a sample grid shows and
 * how the result is written as a model folder. The {@link Trainer} owns the loop, the optimizer, EMA, precision,
 * checkpoints and logs.
 */
public interface TrainingStage {
    /** vae, head or unet. */
    String name();

    /** The module whose every parameter is trained (and checkpointed and averaged). */
    Module trainable();

    /** True when batches must include the true-colour foreground (fg/). */
    boolean needsForeground();

    /** Forward pass and loss of one micro-batch (runs inside the step's memory scope and precision). */
    LossTerms loss(DataBatch batch, StepContext ctx);

    /**
     * Rows of a sample grid for a fixed batch (called without gradients, with the EMA weights in place).
     */
    List<List<RgbImage>> samples(DataBatch batch);

    /** Writes the trained model as a diffusers-style folder (called with the EMA weights in place). */
    void export(Path modelDir);
}
