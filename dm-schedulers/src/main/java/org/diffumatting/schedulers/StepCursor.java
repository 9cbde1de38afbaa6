package org.diffumatting.schedulers;

/**
 * The step counter of the sigma-based and multistep schedulers (diffusers {@code _step_index}): the first call
 * locates t in the schedule (the second occurrence when t repeats, as diffusers' {@code index_for_timestep}, so
 * that starting mid-schedule for image-to-image does not skip a sigma); later calls must follow the schedule in
 * order. Every misuse is an IllegalStateException naming the expected timestep.
 */
final class StepCursor {
    private final String owner;
    private final double[] timesteps;
    private int index = -1;

    StepCursor(String owner, double[] timesteps) {
        this.owner = owner;
        this.timesteps = timesteps;
    }

    /** Index of the current step, which must be at timestep t. Does not advance. */
    int at(double t) {
        if (index < 0) {
            int first = -1;
            int second = -1;
            for (int i = 0; i < timesteps.length; i++) {
                if (timesteps[i] == t) {
                    if (first < 0) first = i;
                    else if (second < 0) second = i;
                }
            }
            if (first < 0) {
                throw new IllegalStateException(owner + ": timestep " + t + " is not in the schedule "
                        + java.util.Arrays.toString(timesteps));
            }
            index = second >= 0 ? second : first;
            return index;
        }
        if (index >= timesteps.length) {
            throw new IllegalStateException(owner + ": all " + timesteps.length
                    + " steps are done; call setTimesteps again");
        }
        if (timesteps[index] != t) {
            throw new IllegalStateException(owner + ": expected timestep " + timesteps[index] + " at step " + index
                    + ", got " + t);
        }
        return index;
    }

    /** Moves to the next step (after a completed step). */
    void advance() {
        index++;
    }

    /** The current index (-1 before the first step). */
    int index() {
        return index;
    }
}
