package org.diffumatting.evaluation;

import org.diffumatting.matting.AlphaMap;

/**
 * Whether a generated sample holds one usable object:
 * <ul>
 *   <li>coverage = mean alpha over the image lies in [{@link #MIN_COVERAGE}, {@link #MAX_COVERAGE}] (2% .. 95%: not an
 *       empty canvas, not a full-frame fill);</li>
 *   <li>the object is not cut by the image border: on the border ring (the pixels of the first and last row and
 *       column, 2W + 2H - 4 of them) at most k pixels have alpha &gt; {@link #BORDER_ALPHA}, with
 *       k = floor({@link #BORDER_TOLERANCE} * ring) (1%: 5 pixels of 508 at 128 x 128). A few stray pixels are
 *       tolerated; an object running off the canvas touches far more.</li>
 * </ul>
 */
public final class ObjectValidity {
    public static final double MIN_COVERAGE = 0.02;
    public static final double MAX_COVERAGE = 0.95;
    public static final double BORDER_ALPHA = 0.5;
    public static final double BORDER_TOLERANCE = 0.01;

    private ObjectValidity() {}

    /**
     * @param coverage        mean alpha
     * @param borderHits      border-ring pixels with alpha &gt; 0.5
     * @param allowedBorderHits k
     */
    public record Verdict(double coverage, int borderHits, int allowedBorderHits) {
        public boolean coverageOk() {
            return coverage >= MIN_COVERAGE && coverage <= MAX_COVERAGE;
        }

        public boolean cutByBorder() {
            return borderHits > allowedBorderHits;
        }

        public boolean valid() {
            return coverageOk() && !cutByBorder();
        }
    }

    public static Verdict judge(AlphaMap alpha) {
        int w = alpha.width(), h = alpha.height();
        double[] a = alpha.data();
        double sum = 0;
        for (double v : a) sum += v;
        int hits = 0;
        int ring = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (y != 0 && y != h - 1 && x != 0 && x != w - 1) continue;
                ring++;
                if (a[y * w + x] > BORDER_ALPHA) hits++;
            }
        }
        return new Verdict(sum / a.length, hits, (int) Math.floor(BORDER_TOLERANCE * ring));
    }
}
