package org.diffumatting.evaluation;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.pytorch.Device;
import org.diffumatting.common.DmException;
import org.diffumatting.common.ProgressText;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.matting.key.DifferenceKeyer;
import org.diffumatting.matting.metrics.Convention;
import org.diffumatting.matting.metrics.MattingMetrics;
import org.diffumatting.matting.metrics.MattingScores;
import org.diffumatting.matting.metrics.TrimapRegions;
import org.diffumatting.matting.trimap.TrimapGenerator;
import org.diffumatting.pipelines.MattePipeline;
import org.diffumatting.tensor.DType;
import org.diffumatting.train.data.GreenDataset;

/**
 * Part (a) of {@code dm eval model}: the matting head against the chroma-key baseline on held-out real green images.
 * For each test sample (image I on pure green, ground-truth alpha g):
 * <pre>
 *   matting_head                  alpha = head(D(mode(E(I))))          {@link MattePipeline} (VAE round trip + head)
 *   chroma_key                    alpha = DifferenceKeyer(I)           default parameters, on the real image
 *   chroma_key_on_reconstruction  alpha = DifferenceKeyer(D(mode(E(I))))  for information: the key on what the head sees
 * </pre>
 * With a limit N &lt; |test| the samples at indices floor(i |test| / N) are used (spread over the sorted split rather
 * than its first N ids, which would all come from one source).
 * Each prediction is scored against g under {@link Convention#DIM} (trimap from g by {@link TrimapGenerator}: erode-dilate, disk of
 * radius {@code band}) and {@link Convention#WHOLE}; the per-sample scores are averaged (NaN values left out), over
 * all samples and per manifest {@code source} (where the head loses to the key: hard emoji edges, soft procedural
 * mattes, sprites).
 */
public final class HeadVsChromaKey {
    public static final String HEAD = "matting_head";
    public static final String KEY = "chroma_key";
    public static final String KEY_ON_RECONSTRUCTION = "chroma_key_on_reconstruction";
    public static final List<String> METHODS = List.of(HEAD, KEY, KEY_ON_RECONSTRUCTION);
    public static final List<Convention> CONVENTIONS = List.of(Convention.DIM, Convention.WHOLE);

    /**
     * Means per method and convention over {@code samples} test images, the same per source (sorted by name), and
     * each method's DIM MSE split by ground-truth alpha class.
     */
    public record Result(int samples, int trimapBand, Map<String, Map<Convention, ScoreMeans>> means,
                         Map<String, Map<String, Map<Convention, ScoreMeans>>> bySource, Map<String, DimMseByAlphaClass> dimByClass) {
        /** head MSE / chroma-key MSE under {@code c} (the target is &lt;= 0.5). */
        public double mseRatio(Convention c) {
            return mseRatio(means, c);
        }

        /** Samples behind one method-means map (overall or one source's). */
        public static int samples(Map<String, Map<Convention, ScoreMeans>> means) {
            return means.get(HEAD).get(Convention.WHOLE).count(MattingScores.METRICS.indexOf("mse"));
        }

        /** A source name for the report ("(none)" for manifest lines without one). */
        public static String sourceLabel(String source) {
            return source.isEmpty() ? "(none)" : source;
        }

        /** head MSE / chroma-key MSE under {@code c} for one method-means map (overall or one source's). */
        public static double mseRatio(Map<String, Map<Convention, ScoreMeans>> means, Convention c) {
            return means.get(HEAD).get(c).mean("mse") / means.get(KEY).get(c).mean("mse");
        }

        /** head MSE / MSE of the chroma key on the same VAE reconstruction the head sees, under {@code c}. */
        public double mseRatioOnReconstruction(Convention c) {
            return means.get(HEAD).get(c).mean("mse") / means.get(KEY_ON_RECONSTRUCTION).get(c).mean("mse");
        }
    }

    private HeadVsChromaKey() {}

    public static Result run(MattePipeline matte, GreenDataset test, int limit, int band, Device device, PrintStream progress) {
        int n = limit > 0 ? Math.min(limit, test.size()) : test.size();
        Map<String, Map<Convention, ScoreMeans>> means = emptyMeans();
        Map<String, Map<String, Map<Convention, ScoreMeans>>> bySource = new TreeMap<>();
        Map<String, DimMseByAlphaClass> dimByClass = new LinkedHashMap<>();
        for (String m : METHODS) dimByClass.put(m, new DimMseByAlphaClass());
        TrimapGenerator.Options trimapOptions = TrimapGenerator.Options.defaults().withBand(band);
        long start = System.nanoTime();
        List<GreenDataset.Sample> samples = test.spread(n); // with --limit: evenly spread over the split
        for (int i = 0; i < n; i++) {
            GreenDataset.Sample sample = samples.get(i);
            String id = sample.id();
            Map<String, Map<Convention, ScoreMeans>> sourceMeans = bySource.computeIfAbsent(sample.source(), k -> emptyMeans());
            RgbImage image = ImageFiles.readRgb(file(test.dir(), "image", id));
            AlphaMap gt = ImageFiles.readAlpha(file(test.dir(), "alpha", id));
            if (!image.sameSize(gt)) {
                throw new DmException("data_dir " + test.dir() + ": image/" + id + ".png is " + image.width() + "x" + image.height()
                        + " but alpha/" + id + ".png is " + gt.width() + "x" + gt.height());
            }
            MattePipeline.Result head = matte.matte(image, device, DType.F32);
            Map<String, AlphaMap> pred = new LinkedHashMap<>();
            pred.put(HEAD, head.alpha());
            pred.put(KEY, DifferenceKeyer.key(image, DifferenceKeyer.Options.defaults()).alpha());
            pred.put(KEY_ON_RECONSTRUCTION, DifferenceKeyer.key(head.reconstruction(), DifferenceKeyer.Options.defaults()).alpha());
            AlphaMap trimap = TrimapGenerator.generate(gt, trimapOptions).toAlphaMap();
            boolean[] unknown = new TrimapRegions(trimap).unknownMask();
            for (String m : METHODS) {
                dimByClass.get(m).add(pred.get(m), gt, unknown);
                for (Convention c : CONVENTIONS) {
                    MattingScores scores = MattingMetrics.evaluate(pred.get(m), gt, c.needsTrimap() ? trimap : null, c);
                    means.get(m).get(c).add(scores);
                    sourceMeans.get(m).get(c).add(scores);
                }
            }
            if ((i + 1) % 50 == 0 || i + 1 == n) {
                progress.printf("[eval a] %d/%d test samples, %s%n", i + 1, n, ProgressText.elapsedRateEta(i + 1, n, (System.nanoTime() - start) / 1e9));
            }
        }
        return new Result(n, band, means, bySource, dimByClass);
    }

    /** method -> convention -> empty running means. */
    private static Map<String, Map<Convention, ScoreMeans>> emptyMeans() {
        Map<String, Map<Convention, ScoreMeans>> means = new LinkedHashMap<>();
        for (String m : METHODS) {
            Map<Convention, ScoreMeans> byConv = new LinkedHashMap<>();
            for (Convention c : CONVENTIONS) byConv.put(c, new ScoreMeans());
            means.put(m, byConv);
        }
        return means;
    }

    /** {@code dir/sub/id.png}, which must exist. */
    static Path file(Path dir, String sub, String id) {
        Path p = dir.resolve(sub).resolve(id + ".png");
        if (!Files.isRegularFile(p)) throw new DmException("data_dir " + dir + ": missing file " + sub + "/" + id + ".png");
        return p;
    }
}
