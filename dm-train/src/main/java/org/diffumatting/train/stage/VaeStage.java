package org.diffumatting.train.stage;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.models.loading.ConfigJson;
import org.diffumatting.models.loading.DiffusersFolder;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.vae.AutoencoderKL;
import org.diffumatting.models.vae.AutoencoderKLConfig;
import org.diffumatting.models.vae.DiagonalGaussian;
import org.diffumatting.tensor.ImageTensors;
import org.diffumatting.tensor.Noise;
import org.diffumatting.tensor.Tensors;
import org.diffumatting.train.Seeds;
import org.diffumatting.train.StepContext;
import org.diffumatting.train.TrainingStage;
import org.diffumatting.train.config.TrainConfig;
import org.diffumatting.train.data.DataBatch;
import org.diffumatting.train.data.GreenDataset;
import org.diffumatting.train.loss.LatentMasks;
import org.diffumatting.train.loss.LossTerms;
import org.diffumatting.train.loss.VaeLoss;

/**
 * Stage {@code vae}: trains an AutoencoderKL from scratch on the green images with {@link VaeLoss}
 * (z = mu + sigma * n with seeded n; reconstruction D(z) against I; KL to N(0, I)).
 *
 * <p>On export the latent scaling factor is measured, as Rombach et al. 2022 (sec. 4.3.2, "rescale the latent by
 * the component-wise standard deviation") did for SD's 0.18215: s = 1 / std(z) over up to 256 training images
 * (posterior means), written into vae/config.json as {@code scaling_factor}.
 */
public final class VaeStage implements TrainingStage {
    static final String PIPELINE_CLASS = "DiffuMattingPipeline";
    private final TrainConfig cfg;
    private final AutoencoderKL vae;
    private final VaeLoss lossFn;
    private final GreenDataset data;

    public VaeStage(TrainConfig cfg, GreenDataset data) {
        this.cfg = cfg;
        this.data = data;
        AutoencoderKLConfig c = AutoencoderKLConfig.fromJson(cfg.require(cfg.vaeConfig(), "vae_config", "vae"),
                "training config " + cfg.source() + " key 'vae_config'");
        this.vae = new AutoencoderKL(c, ParamInit.seeded(Seeds.mix(cfg.seed(), Seeds.INIT)));
        this.lossFn = new VaeLoss("l2".equals(cfg.reconstructionLoss()), cfg.klWeight(), cfg.vaeBandWeight());
    }

    @Override
    public String name() {
        return "vae";
    }

    @Override
    public Module trainable() {
        return vae;
    }

    @Override
    public boolean needsForeground() {
        return false;
    }

    @Override
    public LossTerms loss(DataBatch b, StepContext ctx) {
        DiagonalGaussian post = vae.encode(b.image());                                   // over z [B,L,h,w]
        long[] shape = Tensors.shape(post.mean());
        Tensor n = Noise.randn(ctx.sampleSeeds(Seeds.POSTERIOR, b.size()), shape[1], shape[2], shape[3])
                .to(post.mean().scalar_type());
        Tensor rec = vae.decode(post.sample(n));                                          // [B,3,H,W]
        Tensor band = cfg.vaeBandWeight() > 0 ? LatentMasks.transitionBand(b.alpha(), cfg.bandRadius()) : null;
        return lossFn.compute(rec, b.image(), post.mean(), post.logvar(), band);
    }

    @Override
    public List<List<RgbImage>> samples(DataBatch b) {
        Tensor rec = vae.decode(vae.encode(b.image()).mode());
        return List.of(ImageTensors.toRgb(b.image()), ImageTensors.toRgb(rec));
    }

    @Override
    public void export(Path modelDir) {
        DiffusersFolder.save(modelDir, PIPELINE_CLASS, Map.of("vae", vae), Map.of(), false);
        double scaling = measureScalingFactor();
        Path cfgFile = modelDir.resolve("vae").resolve(DiffusersFolder.CONFIG);
        var node = ConfigJson.read(cfgFile);
        ConfigJson.putNumber(node, "scaling_factor", scaling);
        ConfigJson.write(cfgFile, node);
    }

    /** 1 / std of posterior means over the first up-to-256 samples (in manifest order). */
    double measureScalingFactor() {
        int n = Math.min(256, data.size());
        double sum = 0;
        double sumSq = 0;
        long count = 0;
        for (int start = 0; start < n; start += cfg.batchSize()) {
            int k = Math.min(cfg.batchSize(), n - start);
            int[] idx = new int[k];
            for (int i = 0; i < k; i++) idx[i] = start + i;
            try (org.diffumatting.tensor.MemoryScope s = org.diffumatting.tensor.MemoryScope.open(); NoGradGuard g = new NoGradGuard()) {
                float[] z = Tensors.toFloats(vae.encode(data.load(idx, false).image()).mean());
                for (float v : z) {
                    sum += v;
                    sumSq += (double) v * v;
                }
                count += z.length;
            }
        }
        double mean = sum / count;
        double std = Math.sqrt(Math.max(1e-12, sumSq / count - mean * mean));
        return 1.0 / std;
    }
}
