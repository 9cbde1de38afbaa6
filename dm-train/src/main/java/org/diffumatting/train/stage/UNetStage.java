package org.diffumatting.train.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.models.loading.DiffusersFolder;
import org.diffumatting.models.matting.MattingHead;
import org.diffumatting.models.matting.MattingOutput;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.text.MiniLmTextEncoder;
import org.diffumatting.models.text.TextEncoder;
import org.diffumatting.models.text.TextEncoderFolder;
import org.diffumatting.models.unet.UNet2DConditionConfig;
import org.diffumatting.models.unet.UNet2DConditionModel;
import org.diffumatting.models.unet.UNetConditioning;
import org.diffumatting.models.vae.AutoencoderKL;
import org.diffumatting.models.vae.Decoder;
import org.diffumatting.schedulers.DdimScheduler;
import org.diffumatting.schedulers.NoiseSchedule;
import org.diffumatting.schedulers.SchedulerConfig;
import org.diffumatting.tensor.Devices;
import org.diffumatting.tensor.ImageTensors;
import org.diffumatting.tensor.Noise;
import org.diffumatting.tensor.Tensors;
import org.diffumatting.train.Seeds;
import org.diffumatting.train.StepContext;
import org.diffumatting.train.TrainingStage;
import org.diffumatting.train.config.TrainConfig;
import org.diffumatting.train.data.DataBatch;
import org.diffumatting.train.log.ImageGrid;
import org.diffumatting.train.loss.JointLoss;
import org.diffumatting.train.loss.LatentMasks;
import org.diffumatting.train.loss.LossTerms;

/**
 * Stage {@code unet}: trains the UNet with the DiffuMatting joint objective ({@link JointLoss}), VAE frozen,
 * text states from a frozen sentence encoder (MiniLM by default) as cross-attention context.
 * <ol>
 *   <li>latent: x0 = s * (mu + sigma * n) from the frozen encoder's posterior; with {@code cache_latents} each
 *       image's (mu, logvar) is computed once, alone (batch of 1, so values do not depend on batch company), and
 *       kept in memory; n is drawn per step from a seed, so every epoch sees a fresh posterior sample;</li>
 *   <li>noise eps and timestep t ~ U{0..N-1} per sample from seeds; x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps;</li>
 *   <li>caption dropout: each caption becomes "" with probability {@code caption_dropout} (classifier-free
 *       guidance, Ho &amp; Salimans 2022);</li>
 *   <li>out = UNet(x_t, t, c); masks m_bg, w_tb from alpha at the VAE factor; L = L_eps + lambda_g L_green +
 *       lambda_tb L_tb (+ lambda_tbg L_tb_grad).</li>
 * </ol>
 */
public final class UNetStage implements TrainingStage {
    private final TrainConfig cfg;
    private final AutoencoderKL vae;
    private final UNet2DConditionModel unet;
    private final TextEncoder text;
    /** The frozen matting head from head_path, loaded when first needed (null until then, or without head_path). */
    private MattingHead head;
    private final NoiseSchedule schedule;
    private final SchedulerConfig schedulerConfig;
    private final JointLoss joint;
    private final Tensor greenLatent;
    private final int factor;
    private final Map<Integer, Tensor[]> latentCache = new HashMap<>();
    private final Map<String, UNetConditioning> textCache = new HashMap<>();

    /**
     * @param text the frozen text encoder whose hidden size equals the UNet's cross_attention_dim
     */
    public UNetStage(TrainConfig cfg, TextEncoder text) {
        this.cfg = cfg;
        String where = "training config " + cfg.source();
        if (cfg.lambdaMatte() != 0) {
            throw new DmException(where + ": key 'lambda_matte' must be 0 for stage unet (a head trains with `dm train head`, "
                    + "or jointly with the VAE in `dm train vae`)");
        }
        this.vae = FrozenVae.load(cfg.require(cfg.vaePath(), "vae_path", "unet"), "vae_path");
        UNet2DConditionModel pretrained = cfg.unetPath() == null ? null : loadUnet(cfg.unetPath());
        if (pretrained != null && cfg.addSentenceEmbedding() && !pretrained.config().hasClassEmbedding()) {
            pretrained = pretrained.withProjectionClassEmbedding(text.hiddenSize(), ParamInit.seeded(Seeds.mix(cfg.seed(), Seeds.INIT)));
        }
        if (pretrained == null) cfg.require(cfg.unetConfig(), "unet_config (or unet_path)", "unet");
        UNet2DConditionConfig uc = pretrained != null ? pretrained.config()
                : UNet2DConditionConfig.fromJson(cfg.unetConfig(), where + " key 'unet_config'");
        if (!uc.crossAttentionDim().values().stream().allMatch(d -> d == text.hiddenSize())) {
            throw new DmException(where + ": unet_config cross_attention_dim " + uc.crossAttentionDim()
                    + " differs from the text encoder's hidden size " + text.hiddenSize());
        }
        if (uc.inChannels() != vae.config().latentChannels()) {
            throw new DmException(where + ": unet_config in_channels " + uc.inChannels() + " differs from the VAE's latent_channels "
                    + vae.config().latentChannels());
        }
        this.unet = pretrained != null ? pretrained : new UNet2DConditionModel(uc, ParamInit.seeded(Seeds.mix(cfg.seed(), Seeds.INIT)));
        this.text = text;
        this.schedulerConfig = SchedulerConfig.of("DDPMScheduler")
                .with("num_train_timesteps", cfg.numTrainTimesteps())
                .with("beta_schedule", cfg.betaSchedule())
                .with("beta_start", cfg.betaStart())
                .with("beta_end", cfg.betaEnd())
                .with("prediction_type", cfg.predictionType().key())
                .with("clip_sample", false)
                .with("set_alpha_to_one", false)
                .with("steps_offset", 1)
                .with("timestep_spacing", "leading");
        this.schedule = NoiseSchedule.fromConfig(schedulerConfig);
        this.joint = new JointLoss(cfg.predictionType(), cfg.snrGamma(), cfg.lambdaGreen(), cfg.greenSnrGamma(),
                "pixel".equals(cfg.greenLossForm()), cfg.lambdaTb(), cfg.lambdaTbGradient(), 0);
        this.factor = vae.config().downsamplingFactor();
        this.greenLatent = FrozenVae.greenLatent(vae, cfg.resolution());
    }

    /** The pretrained UNet of unet_path (a unet/ folder or a pipeline folder holding one), loaded strictly, trainable. */
    private static UNet2DConditionModel loadUnet(Path path) {
        UNet2DConditionModel u = StageComponents.load(path, "unet", UNet2DConditionModel.class, "unet_path");
        u.train(true);
        return u;
    }

    /**
     * The head of head_path once it exists: stages 2 and 3 may run side by side, so the head is loaded lazily
     * (sample grids show no alpha row until it is there) and must exist when the model folder is exported.
     */
    private MattingHead headIfReady(boolean required) {
        if (head == null && cfg.headPath() != null) {
            Path dir = DiffusersFolder.componentDir(cfg.headPath(), "matting_head");
            if (Files.isRegularFile(dir.resolve(DiffusersFolder.CONFIG))) {
                head = StageComponents.load(dir, "matting_head", MattingHead.class, "head_path");
                FrozenVae.freeze(head);
            } else if (required) {
                throw new DmException("key 'head_path': " + dir + " has no trained matting head (run `dm train head` first, then"
                        + " `dm train unet --resume` exports the model)");
            }
        }
        return head;
    }

    @Override
    public String name() {
        return "unet";
    }

    @Override
    public Module trainable() {
        return unet;
    }

    @Override
    public boolean needsForeground() {
        return false;
    }

    /** The posterior (mu, logvar) of each sample, [B, L, h, w] each; cached per image when configured. */
    private Tensor[] posterior(DataBatch b, StepContext ctx) {
        try (NoGradGuard g = new NoGradGuard()) {
            if (!cfg.cacheLatents()) {
                var p = vae.encode(b.image());
                return new Tensor[] {p.mean().to(torch.ScalarType.Float), p.logvar().to(torch.ScalarType.Float)};
            }
            TensorVector means = new TensorVector();
            TensorVector logvars = new TensorVector();
            for (int i = 0; i < b.size(); i++) {
                int index = b.indices()[i];
                Tensor[] cached = latentCache.get(index);
                if (cached == null) {
                    var p = vae.encode(b.image().narrow(0, i, 1));                         // [1,L,h,w]
                    cached = new Tensor[] {ctx.scope().keep(p.mean().to(torch.ScalarType.Float).clone()),
                            ctx.scope().keep(p.logvar().to(torch.ScalarType.Float).clone())};
                    latentCache.put(index, cached);
                }
                means.push_back(cached[0]);
                logvars.push_back(cached[1]);
            }
            return new Tensor[] {torch.cat(means, 0), torch.cat(logvars, 0)};                // [B,L,h,w] x2
        }
    }

    @Override
    public LossTerms loss(DataBatch b, StepContext ctx) {
        int n = b.size();
        Tensor[] post = posterior(b, ctx);
        Tensor pn = ctx.randnLike(Seeds.POSTERIOR, post[0]);
        Tensor x0 = vae.toModelLatents(post[0].add(post[1].mul(new Scalar(0.5)).exp().mul(pn)));       // [B,L,h,w]
        Tensor eps = ctx.randnLike(Seeds.NOISE, x0);
        SplittableRandom tr = ctx.random(Seeds.TIMESTEP);
        long[] t = new long[n];
        for (int i = 0; i < n; i++) t[i] = tr.nextInt(schedule.numTrainTimesteps());
        Tensor xt = schedule.addNoise(x0, eps, t);
        SplittableRandom dr = ctx.random(Seeds.DROPOUT);
        List<String> prompts = new ArrayList<>();
        for (String c : b.captions()) prompts.add(dr.nextDouble() < cfg.captionDropout() ? "" : c);
        UNetConditioning context = conditioning(prompts, ctx);                                      // [B,T,D] (+ [B,D])
        Tensor out = unet.forward(xt, Tensors.fromLongs(t, n), context);     // [B,L,h,w]
        LatentMasks masks = LatentMasks.fromAlpha(b.alpha(), factor, cfg.bandRadius());
        JointLoss.Batch jb = new JointLoss.Batch(schedule, x0, eps, xt, t, out.to(torch.ScalarType.Float), masks, greenLatent,
                b.alpha(), b.image());
        return joint.compute(jb, x -> vae.decode(vae.fromModelLatents(x)), null);
    }

    /**
     * The frozen text encoder's conditioning of each prompt: states [B, T, D] and, for a UNet with a class embedding,
     * sentence embeddings [B, D]. Each distinct prompt is encoded once, alone (so its states do not depend on batch
     * company), and kept for the run: the MiniLM forward of 16 captions cost about as much as the UNet's forward and
     * backward (13.5k distinct training captions: about 0.7 GB at T = 32, D = 384).
     */
    private UNetConditioning conditioning(List<String> prompts, StepContext ctx) {
        List<UNetConditioning> rows = new ArrayList<>();
        try (NoGradGuard g = new NoGradGuard()) {
            for (String p : prompts) {
                UNetConditioning one = textCache.get(p);
                if (one == null) {
                    one = UNetConditioning.of(text.encode(List.of(p)), unet.config()).toFloat(Devices.cpu())
                            .map(x -> ctx.scope().keep(x.clone()));                                  // [1,T,D] (+ [1,D])
                    textCache.put(p, one);
                }
                rows.add(one);
            }
            return UNetConditioning.cat(rows);
        }
    }

    /** DDIM sampling with classifier-free guidance for the batch's captions; the head's alpha when loaded. */
    @Override
    public List<List<RgbImage>> samples(DataBatch b) {
        int n = b.size();
        DdimScheduler sched = new DdimScheduler(schedulerConfig);
        sched.setTimesteps(cfg.sampleInferenceSteps());
        long h = cfg.resolution() / factor;
        Tensor x = Noise.randn(Seeds.perSample(cfg.seed(), Seeds.SAMPLE, 0, 0, n), vae.config().latentChannels(), h, h)
                .mul(new Scalar(sched.initNoiseSigma()));
        List<String> prompts = new ArrayList<>(b.captions());
        for (int i = 0; i < n; i++) prompts.add("");
        UNetConditioning context = UNetConditioning.of(text.encode(prompts), unet.config());       // [2B,T,D] (cond | uncond)
        for (double t : sched.timesteps()) {
            Tensor in = sched.scaleModelInput(x, t);
            Tensor both = unet.forward(torch.cat(new TensorVector(in, in), 0), Tensors.fromFloats(new float[] {(float) t}), context);
            Tensor cond = both.narrow(0, 0, n);
            Tensor uncond = both.narrow(0, n, n);
            Tensor guided = uncond.add(cond.sub(uncond).mul(new Scalar(cfg.sampleGuidanceScale())));
            x = sched.step(guided, t, x).prevSample();
        }
        Decoder.Output dec = vae.decodeWithFeatures(vae.fromModelLatents(x));
        List<List<RgbImage>> rows = new ArrayList<>();
        rows.add(ImageTensors.toRgb(dec.sample()));
        MattingHead matting = headIfReady(false);
        if (matting != null) {
            MattingOutput m = matting.forward(dec.sample(), dec.features(), vae.fromModelLatents(x));
            List<RgbImage> alphas = new ArrayList<>();
            for (AlphaMap a : ImageTensors.toAlpha(m.alpha())) alphas.add(ImageGrid.grey(a));
            rows.add(alphas);
        }
        rows.add(ImageTensors.toRgb(b.image()));
        return rows;
    }

    @Override
    public void export(Path modelDir) {
        Path tmp = cfg.outputDir().resolve(".scheduler-export");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + tmp + ": " + e.getMessage(), e);
        }
        schedulerConfig.write(tmp.resolve(SchedulerConfig.FILE_NAME));
        Map<String, Module> models = new LinkedHashMap<>();
        models.put("unet", unet);
        models.put("vae", vae);
        MattingHead h = headIfReady(true);
        if (h != null) models.put("matting_head", h);
        Map<String, DiffusersFolder.Asset> assets = new LinkedHashMap<>();
        if (text instanceof MiniLmTextEncoder) {
            // the MiniLM weights ship in a Maven jar: the folder records only its class and max_length
            Path textDir = cfg.outputDir().resolve(".text-encoder-export");
            TextEncoderFolder.writeMiniLmConfig(textDir, text.maxLength());
            assets.put("text_encoder", new DiffusersFolder.Asset("diffumatting", TextEncoderFolder.MINILM_CLASS, textDir));
        }
        assets.put("scheduler", new DiffusersFolder.Asset("diffusers", "DDPMScheduler", tmp));
        DiffusersFolder.save(modelDir, VaeStage.PIPELINE_CLASS, models, assets, false);
        for (DiffusersFolder.Asset a : assets.values()) deleteStaging(a.source());
    }

    /** Removes a staging folder of plain files (its contents were copied into the model folder). */
    private static void deleteStaging(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a leftover hidden staging folder is harmless
        }
    }
}
