package org.diffumatting.matting.metrics;

import java.util.Arrays;

/**
 * The largest 4-connected component of a level set {x : level[x] >= minLevel} of a byte image, by run-length
 * labelling: each row is cut into runs of set pixels; a run is merged (union-find with path halving, the root
 * being the earliest run) with every run of the previous row whose x-interval overlaps it (4-connectivity: a
 * shared column, no diagonal contact). Cost O(pixels) for the scan plus O(runs) for the unions.
 *
 * <p>Ties between equally large components go to the component whose first pixel comes first in row-major
 * (raster) order, which is what {@code scipy.ndimage.label} + {@code argmax} of the sizes picks. (MATLAB's
 * bwconncomp numbers components in column-major order, so on exact ties MATLAB may pick another one.)
 */
public final class LargestComponent {
    /** Runs outside the largest component, as [start pixel index, length) pairs; see {@link #others}. */
    private final int[] otherStart;
    private final int[] otherLength;
    private final int otherCount;
    private final long largestSize;
    private final boolean empty;

    private LargestComponent(int[] otherStart, int[] otherLength, int otherCount, long largestSize, boolean empty) {
        this.otherStart = otherStart;
        this.otherLength = otherLength;
        this.otherCount = otherCount;
        this.largestSize = largestSize;
        this.empty = empty;
    }

    /** Whether the level set has no pixel at all. */
    public boolean isEmpty() {
        return empty;
    }

    /** Pixel count of the largest component (0 if empty). */
    public long largestSize() {
        return largestSize;
    }

    /** Number of runs of the level set that are not in the largest component. */
    public int otherRunCount() {
        return otherCount;
    }

    /** Row-major index of the first pixel of the k-th run outside the largest component. */
    public int otherRunStart(int k) {
        return otherStart[k];
    }

    /** Length (pixels along x) of the k-th run outside the largest component. */
    public int otherRunLength(int k) {
        return otherLength[k];
    }

    /** Labels the level set {level >= minLevel} of levels [H*W] (unsigned bytes) and keeps the largest component. */
    public static LargestComponent of(byte[] levels, int width, int height, int minLevel) {
        int cap = 1024;
        int[] start = new int[cap];
        int[] end = new int[cap]; // exclusive x
        int[] rowFirst = new int[height + 1];
        int n = 0;
        for (int y = 0; y < height; y++) {
            rowFirst[y] = n;
            int base = y * width;
            int x = 0;
            while (x < width) {
                while (x < width && (levels[base + x] & 0xFF) < minLevel) x++;
                if (x == width) break;
                int s = x;
                while (x < width && (levels[base + x] & 0xFF) >= minLevel) x++;
                if (n == cap) {
                    cap *= 2;
                    start = Arrays.copyOf(start, cap);
                    end = Arrays.copyOf(end, cap);
                }
                start[n] = base + s;
                end[n] = base + x;
                n++;
            }
        }
        rowFirst[height] = n;
        if (n == 0) return new LargestComponent(new int[0], new int[0], 0, 0, true);

        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        for (int y = 1; y < height; y++) {
            int a = rowFirst[y - 1], aEnd = rowFirst[y];
            int b = rowFirst[y], bEnd = rowFirst[y + 1];
            int shiftA = (y - 1) * width, shiftB = y * width; // compare x positions, not pixel indices
            while (a < aEnd && b < bEnd) {
                int as = start[a] - shiftA, ae = end[a] - shiftA;
                int bs = start[b] - shiftB, be = end[b] - shiftB;
                if (as < be && bs < ae) union(parent, a, b);
                if (ae < be) a++;
                else b++;
            }
        }
        int[] root = new int[n];
        long[] size = new long[n];
        for (int i = 0; i < n; i++) {
            root[i] = find(parent, i);
            size[root[i]] += end[i] - start[i];
        }
        // roots are the earliest run of their component, so the first maximum in run order is the
        // component whose first pixel comes first in raster order
        int best = -1;
        long bestSize = -1;
        for (int i = 0; i < n; i++) {
            if (root[i] == i && size[i] > bestSize) {
                best = i;
                bestSize = size[i];
            }
        }
        int others = 0;
        for (int i = 0; i < n; i++) if (root[i] != best) others++;
        int[] os = new int[others];
        int[] ol = new int[others];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (root[i] != best) {
                os[k] = start[i];
                ol[k] = end[i] - start[i];
                k++;
            }
        }
        return new LargestComponent(os, ol, others, bestSize, false);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** Links the later root under the earlier one, so every root is the first run of its component. */
    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a), rb = find(parent, b);
        if (ra == rb) return;
        if (ra < rb) parent[rb] = ra;
        else parent[ra] = rb;
    }
}
