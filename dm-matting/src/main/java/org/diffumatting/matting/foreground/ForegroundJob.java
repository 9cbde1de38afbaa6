package org.diffumatting.matting.foreground;

import java.nio.file.Path;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.io.BatchFiles;
import org.diffumatting.matting.io.ImageFiles;

/**
 * The {@code dm foreground} job: image + alpha -> RGBA PNG whose colour is the estimated foreground
 * (background colour removed from soft pixels) and whose alpha is the given alpha.
 */
public final class ForegroundJob {
    private ForegroundJob() {}

    /**
     * @param image      the photo or green-screen image
     * @param alpha      its alpha matte (same size)
     * @param out        output RGBA PNG
     * @param background optional output of the estimated background (RGB PNG/JPEG), or null
     * @param options    estimator options (a known background colour goes here)
     */
    public record Request(Path image, Path alpha, Path out, Path background, MultiLevelForegroundEstimator.Options options) {}

    /** Summary of a run: the estimator's wall time in milliseconds (reading and writing excluded). */
    public record Summary(int width, int height, long estimateMillis) {}

    public static Summary run(Request r) {
        if (ImageFiles.isJpegName(r.out())) throw new DmException(r.out() + ": the foreground is written as RGBA PNG; use a .png name");
        for (Path in : new Path[] {r.image(), r.alpha()})
            for (Path o : r.background() == null ? new Path[] {r.out()} : new Path[] {r.out(), r.background()})
                if (in.toAbsolutePath().normalize().equals(o.toAbsolutePath().normalize()))
                    throw new DmException(o + ": output would overwrite an input");
        BatchFiles.requireSameSize(r.image(), r.alpha());
        RgbImage image = ImageFiles.readRgb(r.image());
        AlphaMap alpha = ImageFiles.readAlpha(r.alpha());
        long t0 = System.nanoTime();
        MultiLevelForegroundEstimator.Result res = MultiLevelForegroundEstimator.estimate(image, alpha, r.options());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        ImageFiles.writeRgba(r.out(), res.foreground(), alpha);
        if (r.background() != null) {
            try {
                ImageFiles.writeRgb(r.background(), res.background());
            } catch (RuntimeException e) {
                try {
                    java.nio.file.Files.deleteIfExists(r.out());
                } catch (java.io.IOException ignored) {
                    // best effort; the write error is reported
                }
                throw e;
            }
        }
        return new Summary(image.width(), image.height(), ms);
    }
}
