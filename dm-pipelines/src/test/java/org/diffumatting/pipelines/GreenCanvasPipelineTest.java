package org.diffumatting.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.tensor.Devices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Golden statistics at a fixed seed and batch invariance, on a tiny random-weight folder. */
class GreenCanvasPipelineTest {
    @TempDir
    static Path tmp;
    static GreenCanvasPipeline pipe;
    static Path folder;

    @BeforeAll
    static void load() {
        Devices.setThreads(1); // deterministic reductions and no OpenMP contention on a shared 2-core machine
        folder = TinyModel.write(tmp.resolve("tiny"));
        pipe = new GreenCanvasPipeline(PipelineModel.forGeneration(folder, Devices.cpu()));
    }

    static GenerateRequest request(String scheduler) {
        return GenerateRequest.of(folder, List.of("a red apple on green")).withSeed(42).withSteps(4).withScheduler(scheduler);
    }

    /** mean R, G, B of the green image; mean alpha; mean foreground; alpha, green G and foreground R at (3, 5). */
    static double[] stats(GeneratedImage g) {
        double[] s = new double[8];
        float[] rgb = g.green().data();
        for (int i = 0; i < rgb.length; i++) s[i % 3] += rgb[i] / (rgb.length / 3.0);
        for (double a : g.alpha().data()) s[3] += a / g.alpha().data().length;
        for (float v : g.foreground().data()) s[4] += v / (double) g.foreground().data().length;
        int p = 5 * g.alpha().width() + 3;
        s[5] = g.alpha().data()[p];
        s[6] = rgb[3 * p + 1];
        s[7] = g.foreground().data()[3 * p];
        return s;
    }

    @Test
    void goldenStatisticsAtFixedSeed() {
        List<GeneratedImage> out = pipe.generate(request("dpm++2m"), GenerationListener.NONE);
        assertEquals(1, out.size());
        GeneratedImage g = out.get(0);
        assertEquals(42, g.seed());
        assertEquals(16, g.green().width());
        assertEquals(16, g.alpha().height());
        assertEquals(GeneratedImage.MATTING_HEAD, g.alphaSource());
        double[] s = stats(g);
        assertArrayEquals(GOLDEN, s, 1e-4, "statistics of the seed-42 image changed: " + java.util.Arrays.toString(s));
    }

    /** Recorded from this code at 1 thread (2026-11-26); tolerance 1e-4 absorbs MKL/ISA rounding differences. */
    static final double[] GOLDEN = {0.5160102173686028, 0.44952342798933387, 0.5907615543110296, 0.45003188244299963,
            0.5109725720249116, 0.42252475023269653, 0.39337158203125, 0.4963809549808502};

    @Test
    void imageOfABatchEqualsTheSameSeedAlone() {
        for (String scheduler : List.of("ddim", "euler-a")) { // deterministic and ancestral (noise drawn every step)
            GenerateRequest batch = request(scheduler).withImagesPerPrompt(3).withBatchSize(3);
            GeneratedImage inBatch = pipe.generate(batch, GenerationListener.NONE).get(2);
            GeneratedImage alone = pipe.generate(request(scheduler).withSeed(44), GenerationListener.NONE).get(0);
            assertEquals(44, inBatch.seed());
            assertClose(alone.green(), inBatch.green(), 1e-5, scheduler + " green");
            assertClose(alone.alpha(), inBatch.alpha(), 1e-5, scheduler + " alpha");
            assertClose(alone.foreground(), inBatch.foreground(), 1e-5, scheduler + " foreground");
        }
    }

    @Test
    void aUnetWithASentenceEmbeddingGeneratesBatchInvariantly() {
        Path sentence = TinyModel.writeWithSentenceEmbedding(tmp.resolve("tiny-sentence"));
        GreenCanvasPipeline p = new GreenCanvasPipeline(PipelineModel.forGeneration(sentence, Devices.cpu()));
        List<String> prompts = List.of("a red apple", "a blue car", "a black cat");
        GenerateRequest batch = GenerateRequest.of(sentence, prompts).withSeed(42).withSteps(3).withScheduler("ddim").withBatchSize(3);
        List<GeneratedImage> three = p.generate(batch, GenerationListener.NONE);
        GeneratedImage alone = p.generate(GenerateRequest.of(sentence, List.of("a black cat")).withSeed(44).withSteps(3)
                .withScheduler("ddim"), GenerationListener.NONE).get(0);
        assertClose(alone.green(), three.get(2).green(), 1e-5, "green");
        assertClose(alone.alpha(), three.get(2).alpha(), 1e-5, "alpha");
    }

    @Test
    void differentSeedsGiveDifferentImages() {
        List<GeneratedImage> two = pipe.generate(request("ddim").withImagesPerPrompt(2).withBatchSize(2), GenerationListener.NONE);
        double diff = 0;
        for (int i = 0; i < two.get(0).green().data().length; i++) {
            diff = Math.max(diff, Math.abs(two.get(0).green().data()[i] - two.get(1).green().data()[i]));
        }
        assertTrue(diff > 1e-3, "seeds 42 and 43 gave the same image (max diff " + diff + ")");
    }

    @Test
    void listenerSeesEveryStepAndBatch() {
        int[] steps = {0};
        int[] done = {0};
        pipe.generate(request("ddim").withImagesPerPrompt(3).withBatchSize(2), new GenerationListener() {
            @Override
            public void onStep(int batch, int batches, int step, int n) {
                assertEquals(2, batches);
                steps[0]++;
            }

            @Override
            public void onBatch(int d, int total, double seconds) {
                assertEquals(3, total);
                done[0] = d;
            }
        });
        assertEquals(8, steps[0]);
        assertEquals(3, done[0]);
    }

    @Test
    void automaticBatchSizeDenoisesTheTinyModelsImagesTogether() {
        int[] seenBatches = {0};
        List<GeneratedImage> auto = pipe.generate(request("ddim").withImagesPerPrompt(3).withBatchSize(0), new GenerationListener() {
            @Override
            public void onStep(int batch, int batches, int step, int n) {
                seenBatches[0] = batches;
            }
        });
        assertEquals(1, seenBatches[0]);
        GeneratedImage alone = pipe.generate(request("ddim").withSeed(44), GenerationListener.NONE).get(0);
        assertClose(alone.green(), auto.get(2).green(), 1e-5, "green");
    }

    static void assertClose(RgbImage a, RgbImage b, double tol, String what) {
        float[] x = a.data();
        float[] y = b.data();
        assertEquals(x.length, y.length);
        for (int i = 0; i < x.length; i++) assertEquals(x[i], y[i], tol, what + " differs at " + i);
    }

    static void assertClose(AlphaMap a, AlphaMap b, double tol, String what) {
        assertArrayEquals(a.data(), b.data(), tol, what);
    }
}
