package org.diffumatting.evaluation;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.diffumatting.common.DmException;
import org.diffumatting.common.ProgressText;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.matting.key.DifferenceKeyer;
import org.diffumatting.matting.metrics.Mse;
import org.diffumatting.matting.metrics.TrimapRegions;
import org.diffumatting.matting.trimap.TrimapGenerator;
import org.diffumatting.train.data.GreenDataset;

/**
 * How much of a matte a code with a few numbers per cell can keep: a yardstick for a VAE's latent shape (cells of
 * f x f pixels, k latent channels) against a matting target, computed from the ground truth alone.
 * <pre>
 *   pca-k     each c x c cell of the alpha, a vector a in R^(c^2), coded by its first k principal components
 *             (fitted on cells of the train split): a_hat = clamp(m + V_k V_k^T (a - m), 0, 1)
 *   area-s    the mean over s x s cells, enlarged back bilinearly (pixel centres, edge pixels repeated)
 *   chroma key {@link DifferenceKeyer} (default parameters) on the real test image; the target is half its MSE
 * </pre>
 * The codes hold only the alpha, which is generous: a latent must also carry the colours. pca-k is the best
 * linear code with k numbers per cell (in squared error over the cells it was fitted on); a learned, nonlinear
 * autoencoder can beat it, so a code far from the target says how much better than linear a latent of that
 * shape has to be. Scores: MSE in the DIM convention (trimap from the ground truth, erode-dilate, disk of radius
 * {@code band}) and over the whole image, averaged over the test samples (models/TRAINING.md, session 11).
 */
public final class MatteCodeBound {
    public static final String KEY = "chroma key (real image)";

    /**
     * @param cell       c, the side of a PCA cell in pixels (the VAE's downsampling factor)
     * @param components the k values to score
     * @param areaCells  the s values to score
     * @param fitSamples train samples whose cells fit the PCA (spread over the split)
     * @param limit      test samples to score (spread over the split); 0 = all
     * @param band       DIM trimap band radius
     */
    public record Request(Path data, int cell, List<Integer> components, List<Integer> areaCells, int fitSamples,
                          int limit, int band) {
        public Request {
            if (cell < 1) throw new DmException("--cell must be at least 1, got " + cell);
            for (int k : components) {
                if (k < 1 || k > cell * cell) {
                    throw new DmException("--components " + k + " is outside 1.." + cell * cell + " (a " + cell + "x" + cell + " cell)");
                }
            }
            for (int s : areaCells) if (s < 1) throw new DmException("--area-cells must be at least 1, got " + s);
            if (fitSamples < 1) throw new DmException("--fit-samples must be at least 1, got " + fitSamples);
            if (limit < 0) throw new DmException("--limit must be >= 0, got " + limit);
            if (band < 0) throw new DmException("--trimap-band must be >= 0, got " + band);
        }
    }

    /** One row: a code (or the key) and its mean DIM and whole-image MSE. */
    public record Row(String code, double numbersPerCell, double dimMse, double wholeMse) {}

    /** The rows (key first) over {@code samples} test images; the target is half the key's MSE. */
    public record Result(int samples, int fitSamples, int cell, int band, List<Row> rows) {
        public Row key() {
            return rows.get(0);
        }

        /** Markdown table with each MSE over the target (0.5 x the key's). */
        public String markdown() {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                    "Codes of the ground-truth alpha alone, %d test samples (PCA fitted on %d train samples, %dx%d cells),"
                            + " DIM trimap band %d px; target = 0.5 x the chroma key's MSE%n%n", samples, fitSamples, cell, cell, band));
            s.append(String.format(Locale.ROOT, "| code | numbers per %dx%d cell | DIM MSE | whole MSE | DIM / target | whole / target |%n", cell, cell))
                    .append("|---|---|---|---|---|---|\n");
            double dimTarget = 0.5 * key().dimMse(), wholeTarget = 0.5 * key().wholeMse();
            for (Row r : rows) {
                s.append(String.format(Locale.ROOT, "| %s | %s | %.6f | %.6f | %.2f | %.2f |%n", r.code(),
                        perCellText(r.numbersPerCell()),
                        r.dimMse(), r.wholeMse(), r.dimMse() / dimTarget, r.wholeMse() / wholeTarget));
            }
            return s.toString();
        }
    }

    private MatteCodeBound() {}

    private static String perCellText(double v) {
        if (Double.isNaN(v)) return "-";
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }

    public static Result run(Request req, PrintStream progress) {
        GreenDataset train = GreenDataset.open(req.data(), "train", 0);
        GreenDataset test = GreenDataset.open(req.data(), "test", 0);
        int fit = Math.min(req.fitSamples(), train.size());
        int n = req.limit() > 0 ? Math.min(req.limit(), test.size()) : test.size();
        progress.printf(Locale.ROOT, "[matte-code] fitting %dx%d cells on %d train mattes%n", req.cell(), req.cell(), fit);
        CellPca pca = CellPca.fit(train.spread(fit).stream().map(s -> readAlpha(train.dir(), s.id())).toList(), req.cell());
        List<String> codes = new ArrayList<>();
        List<Double> perCell = new ArrayList<>();     // numbers each code keeps per cell x cell pixels
        codes.add(KEY);
        perCell.add(Double.NaN);
        for (int k : req.components()) {
            codes.add("pca-" + k);
            perCell.add((double) k);
        }
        for (int s : req.areaCells()) {
            codes.add("area-" + s);
            perCell.add((double) req.cell() * req.cell() / (s * s));
        }
        double[] dimSum = new double[codes.size()], wholeSum = new double[codes.size()];
        int[] dimCount = new int[codes.size()];
        TrimapGenerator.Options trimapOptions = TrimapGenerator.Options.defaults().withBand(req.band());
        long start = System.nanoTime();
        List<GreenDataset.Sample> samples = test.spread(n);
        for (int i = 0; i < n; i++) {
            String id = samples.get(i).id();
            AlphaMap gt = readAlpha(test.dir(), id);
            boolean[] unknown = new TrimapRegions(TrimapGenerator.generate(gt, trimapOptions).toAlphaMap()).unknownMask();
            List<AlphaMap> preds = new ArrayList<>();
            preds.add(DifferenceKeyer.key(ImageFiles.readRgb(HeadVsChromaKey.file(test.dir(), "image", id)), DifferenceKeyer.Options.defaults()).alpha());
            for (int k : req.components()) preds.add(pca.code(gt, k));
            for (int s : req.areaCells()) preds.add(areaCode(gt, s));
            for (int c = 0; c < preds.size(); c++) {
                double dim = Mse.inRegion(preds.get(c).data(), gt.data(), unknown);
                if (!Double.isNaN(dim)) {
                    dimSum[c] += dim;
                    dimCount[c]++;
                }
                wholeSum[c] += Mse.wholeImage(preds.get(c).data(), gt.data());
            }
            if ((i + 1) % 100 == 0 || i + 1 == n) {
                progress.printf("[matte-code] %d/%d test samples, %s%n", i + 1, n, ProgressText.elapsedRateEta(i + 1, n, (System.nanoTime() - start) / 1e9));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < codes.size(); c++) {
            rows.add(new Row(codes.get(c), perCell.get(c), dimCount[c] == 0 ? Double.NaN : dimSum[c] / dimCount[c], wholeSum[c] / n));
        }
        return new Result(n, fit, req.cell(), req.band(), rows);
    }

    /** Mean over s x s cells (partial cells at the right and bottom edges average what they hold), enlarged bilinearly. */
    static AlphaMap areaCode(AlphaMap a, int s) {
        int w = a.width(), h = a.height(), gw = (w + s - 1) / s, gh = (h + s - 1) / s;
        double[] grid = new double[gw * gh];
        int[] count = new int[gw * gh];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                grid[(y / s) * gw + x / s] += a.get(x, y);
                count[(y / s) * gw + x / s]++;
            }
        }
        for (int i = 0; i < grid.length; i++) grid[i] /= count[i];
        double[] out = new double[w * h];
        for (int y = 0; y < h; y++) {
            double gy = Math.min(Math.max((y + 0.5) / s - 0.5, 0), gh - 1); // grid coordinate of the pixel centre, clamped
            int y0 = (int) Math.floor(gy), y1 = Math.min(y0 + 1, gh - 1);
            double fy = gy - y0;
            for (int x = 0; x < w; x++) {
                double gx = Math.min(Math.max((x + 0.5) / s - 0.5, 0), gw - 1);
                int x0 = (int) Math.floor(gx), x1 = Math.min(x0 + 1, gw - 1);
                double fx = gx - x0;
                out[y * w + x] = (1 - fy) * ((1 - fx) * grid[y0 * gw + x0] + fx * grid[y0 * gw + x1])
                        + fy * ((1 - fx) * grid[y1 * gw + x0] + fx * grid[y1 * gw + x1]);
            }
        }
        return new AlphaMap(w, h, out);
    }

    /**
     * Principal components of c x c alpha cells: mean m and eigenvectors of the cell covariance by decreasing
     * eigenvalue ({@code torch.linalg_eigh} on the float64 covariance).
     */
    static final class CellPca {
        final int cell;
        final double[] mean;       // [c^2]
        final double[][] vectors;  // [c^2][c^2], row j = the j-th component

        private CellPca(int cell, double[] mean, double[][] vectors) {
            this.cell = cell;
            this.mean = mean;
            this.vectors = vectors;
        }

        static CellPca fit(List<AlphaMap> mattes, int cell) {
            int d = cell * cell;
            double[] sum = new double[d];
            double[] outer = new double[d * d];
            long cells = 0;
            double[] v = new double[d];
            for (AlphaMap a : mattes) {
                checkDivisible(a, cell);
                for (int cy = 0; cy < a.height() / cell; cy++) {
                    for (int cx = 0; cx < a.width() / cell; cx++) {
                        readCell(a, cx, cy, cell, v);
                        for (int i = 0; i < d; i++) {
                            sum[i] += v[i];
                            if (v[i] == 0) continue;
                            for (int j = 0; j < d; j++) outer[i * d + j] += v[i] * v[j];
                        }
                        cells++;
                    }
                }
            }
            if (cells == 0) throw new DmException("matte code: no cells to fit");
            double[] mean = new double[d];
            for (int i = 0; i < d; i++) mean[i] = sum[i] / cells;
            double[] cov = new double[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) cov[i * d + j] = outer[i * d + j] / cells - mean[i] * mean[j];
            }
            Tensor c = torch.empty(new long[] {d, d}, new TensorOptions(ScalarType.Double), new MemoryFormatOptional());
            c.data_ptr_double().put(cov, 0, cov.length);
            T_TensorTensor_T eig = torch.linalg_eigh(c);              // eigenvalues ascending, eigenvectors as columns
            double[] cols = new double[d * d];
            eig.get1().contiguous().data_ptr_double().get(cols, 0, cols.length);
            double[][] vectors = new double[d][d];
            for (int j = 0; j < d; j++) {
                for (int i = 0; i < d; i++) vectors[j][i] = cols[i * d + (d - 1 - j)];
            }
            return new CellPca(cell, mean, vectors);
        }

        /** The matte coded by its first k components per cell, clamped to [0, 1]. */
        AlphaMap code(AlphaMap a, int k) {
            checkDivisible(a, cell);
            int d = cell * cell;
            double[] out = new double[a.width() * a.height()];
            double[] v = new double[d];
            for (int cy = 0; cy < a.height() / cell; cy++) {
                for (int cx = 0; cx < a.width() / cell; cx++) {
                    readCell(a, cx, cy, cell, v);
                    double[] rec = mean.clone();
                    for (int j = 0; j < k; j++) {
                        double coef = 0;
                        for (int i = 0; i < d; i++) coef += vectors[j][i] * (v[i] - mean[i]);
                        for (int i = 0; i < d; i++) rec[i] += coef * vectors[j][i];
                    }
                    for (int i = 0; i < d; i++) {
                        out[(cy * cell + i / cell) * a.width() + cx * cell + i % cell] = Math.min(1, Math.max(0, rec[i]));
                    }
                }
            }
            return new AlphaMap(a.width(), a.height(), out);
        }

        private static void readCell(AlphaMap a, int cx, int cy, int cell, double[] v) {
            for (int i = 0; i < cell * cell; i++) v[i] = a.get(cx * cell + i % cell, cy * cell + i / cell);
        }

        private static void checkDivisible(AlphaMap a, int cell) {
            if (a.width() % cell != 0 || a.height() % cell != 0) {
                throw new DmException("--cell " + cell + ": a " + a.width() + "x" + a.height() + " matte is not a whole number of "
                        + cell + "x" + cell + " cells");
            }
        }
    }

    private static AlphaMap readAlpha(Path dir, String id) {
        return ImageFiles.readAlpha(HeadVsChromaKey.file(dir, "alpha", id));
    }
}
