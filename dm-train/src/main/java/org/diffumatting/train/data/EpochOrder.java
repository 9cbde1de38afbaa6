package org.diffumatting.train.data;

import java.util.SplittableRandom;
import org.diffumatting.train.Seeds;

/**
 * Deterministic data order: epoch e visits the samples in a Fisher-Yates permutation drawn from
 * {@code Seeds.mix(seed, DATA, e)}, so the sample at global position p (p = step * accumulation * batch + ...)
 * depends only on (seed, p). A resumed run therefore needs only the position, never a generator state.
 */
public final class EpochOrder {
    private final int size;
    private final long seed;
    private int cachedEpoch = -1;
    private int[] cached;

    public EpochOrder(int size, long seed) {
        if (size < 1) throw new IllegalArgumentException("empty data set");
        this.size = size;
        this.seed = seed;
    }

    /** The permutation of epoch {@code epoch}. */
    public int[] permutation(int epoch) {
        int[] p = new int[size];
        for (int i = 0; i < size; i++) p[i] = i;
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed, Seeds.DATA, epoch));
        for (int i = size - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Data set indices of global positions [start, start + count), crossing epoch boundaries as needed. */
    public int[] indices(long start, int count) {
        int[] out = new int[count];
        for (int k = 0; k < count; k++) {
            long pos = start + k;
            int epoch = (int) (pos / size);
            if (epoch != cachedEpoch) {
                cached = permutation(epoch);
                cachedEpoch = epoch;
            }
            out[k] = cached[(int) (pos % size)];
        }
        return out;
    }

    /** The epoch of a global position. */
    public long epochOf(long position) {
        return position / size;
    }
}
