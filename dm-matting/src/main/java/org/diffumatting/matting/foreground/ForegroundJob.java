package org.diffumatting.matting.foreground;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.io.BatchFiles;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.matting.io.OutputSet;

/**
 * The {@code dm foreground} job: image + alpha -> RGBA PNG whose colour is the estimated foreground
 * (background colour removed from soft pixels) and whose alpha is the given alpha.
 *
 * <p>Batch: when {@code image} is a directory, {@code alpha} must be a directory holding an alpha of the same stem
 * for every image, and {@code out} a directory receiving {@code STEM.png} (and {@code background} a directory
 * receiving {@code STEM.png} when set). All inputs are matched and their sizes checked (headers) before anything
 * is written; a failure removes what the job wrote.
 */
public final class ForegroundJob {
    private ForegroundJob() {}

    /**
     * @param image      the photo or green-screen image, or a directory of them
     * @param alpha      its alpha matte (same size), or a directory of alphas matched by stem
     * @param out        output RGBA PNG, or output directory
     * @param background optional output of the estimated background (RGB PNG/JPEG, or a directory), or null
     * @param options    estimator options (a known background colour goes here)
     */
    public record Request(Path image, Path alpha, Path out, Path background, MultiLevelForegroundEstimator.Options options) {}

    /** Summary of a run: images processed, pixels, and the estimator's total wall time in ms (I/O excluded). */
    public record Summary(int images, long pixels, long estimateMillis) {}

    private record Item(Path image, Path alpha, Path out, Path background) {}

    public static Summary run(Request r) {
        List<Item> items = new ArrayList<>();
        if (Files.isDirectory(r.image())) {
            if (!Files.isDirectory(r.alpha()))
                throw new DmException(r.alpha() + ": must be a directory of alphas when --image is a directory (" + r.image() + ")");
            for (Path dirOut : r.background() == null ? new Path[] {r.out()} : new Path[] {r.out(), r.background()})
                if (Files.exists(dirOut) && !Files.isDirectory(dirOut))
                    throw new DmException(dirOut + ": must be a directory when --image is a directory");
            for (Path img : BatchFiles.expand(List.of(r.image()))) {
                String stem = BatchFiles.stem(img);
                items.add(new Item(img, BatchFiles.findByStem(r.alpha(), stem, "alpha", img), r.out().resolve(stem + ".png"),
                        r.background() == null ? null : r.background().resolve(stem + ".png")));
            }
        } else {
            items.add(new Item(r.image(), r.alpha(), r.out(), r.background()));
        }
        for (Item it : items) {
            if (ImageFiles.isJpegName(it.out()))
                throw new DmException(it.out() + ": the foreground is written as RGBA PNG; use a .png name");
            for (Path in : new Path[] {it.image(), it.alpha()})
                for (Path o : new Path[] {it.out(), it.background()})
                    if (o != null && in.toAbsolutePath().normalize().equals(o.toAbsolutePath().normalize()))
                        throw new DmException(o + ": output would overwrite an input");
            BatchFiles.requireSameSize(it.image(), it.alpha());
        }
        OutputSet written = new OutputSet();
        long ms = 0, pixels = 0;
        try {
            for (Item it : items) {
                RgbImage image = ImageFiles.readRgb(it.image());
                AlphaMap alpha = ImageFiles.readAlpha(it.alpha());
                long t0 = System.nanoTime();
                MultiLevelForegroundEstimator.Result res = MultiLevelForegroundEstimator.estimate(image, alpha, r.options());
                ms += (System.nanoTime() - t0) / 1_000_000;
                pixels += (long) image.width() * image.height();
                ImageFiles.writeRgba(it.out(), res.foreground(), alpha);
                written.add(it.out());
                if (it.background() != null) {
                    ImageFiles.writeRgb(it.background(), res.background());
                    written.add(it.background());
                }
            }
        } catch (RuntimeException e) {
            written.rollback();
            throw e;
        }
        return new Summary(items.size(), pixels, ms);
    }
}
