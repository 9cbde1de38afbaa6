package org.diffumatting.pipelines;

/** Progress callbacks of {@link GreenCanvasPipeline} (the CLI prints them on stderr). */
public interface GenerationListener {
    /** After denoising step {@code step} (1-based) of {@code steps} in batch {@code batch} (1-based) of {@code batches}. */
    default void onStep(int batch, int batches, int step, int steps) {}

    /** After a batch is decoded and matted: {@code done} of {@code total} images, {@code seconds} since the start. */
    default void onBatch(int done, int total, double seconds) {}

    /** A listener that ignores everything. */
    GenerationListener NONE = new GenerationListener() {};
}
