package org.diffumatting.train.checkpoint;

/**
 * The scalar state of a run saved with each checkpoint ({@code state.json}). Together with the weights, the EMA
 * and the optimizer state this is all a resumed run needs: every random draw derives from (seed, step)
 * ({@link org.diffumatting.train.Seeds}) and the data position is {@code samplesSeen}.
 *
 * @param stage vae, head or unet
 * @param step optimizer steps completed
 * @param samplesSeen global data position (samples consumed so far)
 * @param seed the run seed
 * @param emaUpdates EMA updates so far (0 when EMA is off)
 * @param elapsedSeconds training wall time so far
 */
public record TrainState(String stage, long step, long samplesSeen, long seed, long emaUpdates, double elapsedSeconds) {}
