package org.diffumatting.train.stage;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.models.loading.ConfigJson;
import org.diffumatting.models.loading.DiffusersFolder;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.matting.MattingHead;
import org.diffumatting.models.vae.AutoencoderKL;
import org.diffumatting.models.vae.AutoencoderKLConfig;
import org.diffumatting.models.vae.Decoder;
import org.diffumatting.models.vae.DiagonalGaussian;
import org.diffumatting.tensor.ImageTensors;
import org.diffumatting.tensor.Tensors;
import org.diffumatting.train.ModuleTensors;
import org.diffumatting.train.Seeds;
import org.diffumatting.train.StepContext;
import org.diffumatting.train.TrainingStage;
import org.diffumatting.train.config.TrainConfig;
import org.diffumatting.train.data.DataBatch;
import org.diffumatting.train.data.GreenDataset;
import org.diffumatting.train.data.RandomCrop;
import org.diffumatting.train.loss.LatentMasks;
import org.diffumatting.train.loss.LossTerms;
import org.diffumatting.train.loss.MatteLoss;
import org.diffumatting.train.loss.VaeLoss;

/**
 * Stage {@code vae}: trains an AutoencoderKL on the green images with {@link VaeLoss}
 * (z = mu + sigma * n with seeded n, or z = mu with {@code sample_posterior} false; reconstruction D(z) against I;
 * KL to N(0, I)): a new one ({@code vae_config}) or
 * a trained one ({@code vae_path}). With {@code train_encoder = false} the encoder and quant_conv stay frozen (their
 * posterior is computed without gradients) and only post_quant_conv and the decoder train, as Stability AI's
 * ft-EMA/ft-MSE decoders for SD 1.x did: the latent space is unchanged, so a UNet trained on the source VAE still fits.
 *
 * <p>With {@code lambda_matte > 0} a matting head ({@code head_config} or {@code head_path}) trains jointly with the
 * autoencoder: (alpha_hat, F_hat) = head(D(z), features, z) and L = L_vae + lambda_matte L_matte, so the matte's
 * gradient reaches the encoder and the latent learns to carry the alpha edges that the green composite only implies
 * (the head is then fine-tuned with the VAE frozen by stage head, docs/DESIGN.md section 3). With
 * {@code crop_size} each sample is a random square crop ({@link RandomCrop}), which makes a step several times
 * cheaper; sample grids and the scaling factor use whole images.
 *
 * <p>On export the latent scaling factor is measured, as Rombach et al. 2022 (sec. 4.3.2, "rescale the latent by
 * the component-wise standard deviation") did for SD's 0.18215: s = 1 / std(z) over up to 256 training images
 * (posterior means), written into vae/config.json as {@code scaling_factor}; with a frozen encoder the source's factor
 * is kept.
 */
public final class VaeStage implements TrainingStage {
    static final String PIPELINE_CLASS = "DiffuMattingPipeline";
    /** Parameter-name prefixes of the encoder side (diffusers AutoencoderKL). */
    static final String ENCODER_PREFIX = "encoder.", QUANT_CONV_PREFIX = "quant_conv.";
    private final TrainConfig cfg;
    private final AutoencoderKL vae;
    private final VaeLoss lossFn;
    private final GreenDataset data;
    /** The jointly trained head (lambda_matte > 0), else null. */
    private final MattingHead head;
    private final MatteLoss matteLoss;
    /** What is trained and exported: vae, and matting_head when joint (pipeline component names). */
    private final Map<String, Module> components = new LinkedHashMap<>();
    private final Module trainable;

    public VaeStage(TrainConfig cfg, GreenDataset data) {
        this.cfg = cfg;
        this.data = data;
        if (cfg.vaeConfig() != null && cfg.vaePath() != null) {
            throw new DmException("training config " + cfg.source() + ": give 'vae_config' (a new VAE) or 'vae_path' (a trained one), not both");
        }
        if (!cfg.trainEncoder() && cfg.vaePath() == null) {
            throw new DmException("training config " + cfg.source() + ": 'train_encoder': false needs 'vae_path' (the trained VAE whose latent space stays)");
        }
        if (cfg.vaePath() != null) {
            this.vae = StageComponents.load(cfg.vaePath(), "vae", AutoencoderKL.class, "vae_path");
        } else {
            AutoencoderKLConfig c = AutoencoderKLConfig.fromJson(cfg.require(cfg.vaeConfig(), "vae_config", "vae"),
                    "training config " + cfg.source() + " key 'vae_config'");
            this.vae = new AutoencoderKL(c, ParamInit.seeded(Seeds.mix(cfg.seed(), Seeds.INIT)));
        }
        if (!cfg.trainEncoder()) {
            ModuleTensors.parameters(vae, false).forEach((name, p) -> {
                if (name.startsWith(ENCODER_PREFIX) || name.startsWith(QUANT_CONV_PREFIX)) p.requires_grad_(false);
            });
        }
        this.lossFn = new VaeLoss("l2".equals(cfg.reconstructionLoss()), cfg.klWeight(), cfg.vaeBandWeight());
        int factor = vae.config().downsamplingFactor();
        if (cfg.cropSize() % factor != 0) {
            throw new DmException("training config " + cfg.source() + ": key 'crop_size' " + cfg.cropSize()
                    + " is not a multiple of the VAE's downsampling factor " + factor);
        }
        if (cfg.lambdaMatte() > 0) {
            this.head = HeadStage.trainableHead(cfg);
            HeadStage.checkFits(head, vae, cfg);
            this.matteLoss = HeadStage.matteLoss(cfg);
        } else {
            this.head = null;
            this.matteLoss = null;
        }
        components.put("vae", vae);
        if (head != null) components.put("matting_head", head);
        this.trainable = head == null ? vae : new ModuleGroup(components);
    }

    @Override
    public String name() {
        return "vae";
    }

    @Override
    public Module trainable() {
        return trainable;
    }

    @Override
    public boolean needsForeground() {
        return head != null;
    }

    @Override
    public LossTerms loss(DataBatch full, StepContext ctx) {
        DataBatch b = cfg.cropSize() > 0 ? RandomCrop.of(full, cfg.cropSize(), ctx.random(Seeds.CROP)) : full;
        DiagonalGaussian post;                                                           // over z [B,L,h,w]
        try (NoGradGuard frozenEncoder = cfg.trainEncoder() ? null : new NoGradGuard()) {
            post = vae.encode(b.image());
        }
        Tensor z = cfg.samplePosterior() ? post.sample(ctx.randnLike(Seeds.POSTERIOR, post.mean())) : post.mode();
        Decoder.Output dec = vae.decodeWithFeatures(z);                                  // sample [B,3,H,W]
        Tensor band = cfg.vaeBandWeight() > 0 ? LatentMasks.transitionBand(b.alpha(), cfg.bandRadius()) : null;
        LossTerms rec = lossFn.compute(dec.sample(), b.image(), post.mean(), post.logvar(), band);
        if (head == null) return rec;
        LossTerms matte = HeadStage.matteTerms(matteLoss, HeadStage.headOutput(head, dec, z, cfg), b);
        Map<String, Tensor> terms = new LinkedHashMap<>(rec.terms());
        terms.putAll(matte.terms());
        return new LossTerms(rec.total().add(matte.total().mul(new Scalar(cfg.lambdaMatte()))), terms);
    }

    @Override
    public List<List<RgbImage>> samples(DataBatch b) {
        Tensor z = vae.encode(b.image()).mode();
        Decoder.Output dec = vae.decodeWithFeatures(z);
        List<RgbImage> image = ImageTensors.toRgb(b.image());
        List<RgbImage> rec = ImageTensors.toRgb(dec.sample());
        if (head == null) return List.of(image, rec);
        return List.of(image, rec, HeadStage.greyRow(HeadStage.headOutput(head, dec, z, cfg).alpha()), HeadStage.greyRow(b.alpha()));
    }

    @Override
    public void export(Path modelDir) {
        DiffusersFolder.save(modelDir, PIPELINE_CLASS, components, Map.of(), false);
        if (!cfg.trainEncoder()) return; // the config written holds the source's scaling_factor
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
