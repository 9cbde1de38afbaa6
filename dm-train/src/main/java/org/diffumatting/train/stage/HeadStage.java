package org.diffumatting.train.stage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.models.loading.DiffusersFolder;
import org.diffumatting.models.matting.MattingHead;
import org.diffumatting.models.matting.MattingHeadConfig;
import org.diffumatting.models.matting.MattingOutput;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.vae.AutoencoderKL;
import org.diffumatting.models.vae.Decoder;
import org.diffumatting.tensor.ImageTensors;
import org.diffumatting.train.Seeds;
import org.diffumatting.train.StepContext;
import org.diffumatting.train.TrainingStage;
import org.diffumatting.train.config.TrainConfig;
import org.diffumatting.train.data.DataBatch;
import org.diffumatting.train.log.ImageGrid;
import org.diffumatting.train.loss.ImageRange;
import org.diffumatting.train.loss.LossTerms;
import org.diffumatting.train.loss.MatteLoss;

/**
 * Stage {@code head}: trains the MattingHead with the VAE frozen, on VAE reconstructions of the real green images
 * (docs/DESIGN.md section 3): z = mode(E(I)); (D(z), features) = decoder; (alpha_hat, F_hat) = head(D(z), features,
 * z); loss {@link MatteLoss} against the data set's alpha and fg, composition against the real image I.
 */
public final class HeadStage implements TrainingStage {
    private final TrainConfig cfg;
    private final AutoencoderKL vae;
    private final MattingHead head;
    private final MatteLoss lossFn;

    public HeadStage(TrainConfig cfg) {
        this.cfg = cfg;
        this.vae = FrozenVae.load(cfg.require(cfg.vaePath(), "vae_path", "head"), "vae_path");
        this.head = trainableHead(cfg);
        checkFits(head, vae, cfg);
        this.lossFn = matteLoss(cfg);
    }

    /** The head of head_path (continued), or a fresh one from head_config; both keys at once are refused. */
    static MattingHead trainableHead(TrainConfig cfg) {
        if (cfg.headConfig() != null && cfg.headPath() != null) {
            throw new DmException("training config " + cfg.source() + ": give 'head_config' (a new head) or 'head_path' (a trained one), not both");
        }
        return cfg.headPath() != null ? StageComponents.load(cfg.headPath(), "matting_head", MattingHead.class, "head_path") : newHead(cfg);
    }

    /** Refuses a head whose feature (or latent) input does not match the VAE's decoder features (or latent). */
    static void checkFits(MattingHead head, AutoencoderKL vae, TrainConfig cfg) {
        int decoderChannels = vae.config().blockOutChannels().get(0);
        int latentChannels = head.config().latentChannels();
        if (head.config().featureChannels() != decoderChannels || latentChannels > 0 && latentChannels != vae.config().latentChannels()) {
            throw new DmException("training config " + cfg.source() + ": the matting head (feature_channels "
                    + head.config().featureChannels() + ", latent_channels " + latentChannels
                    + ") does not fit the VAE (block_out_channels[0] " + decoderChannels + ", latent_channels "
                    + vae.config().latentChannels() + ")");
        }
    }

    /** A fresh head from head_config (default: the SD-VAE-sized head), seeded. */
    private static MattingHead newHead(TrainConfig cfg) {
        MattingHeadConfig hc = cfg.headConfig() == null ? MattingHeadConfig.forSdVae()
                : MattingHeadConfig.fromJson(cfg.headConfig(), "training config " + cfg.source() + " key 'head_config'");
        return new MattingHead(hc, ParamInit.seeded(Seeds.mix(cfg.seed(), Seeds.INIT)));
    }

    /** L_matte with the config's term weights. */
    static MatteLoss matteLoss(TrainConfig cfg) {
        return new MatteLoss(cfg.matteAlphaWeight(), cfg.matteAlphaL2Weight(), cfg.matteLaplacianWeight(), cfg.matteCompositionWeight(),
                cfg.matteForegroundWeight(), cfg.laplacianLevels());
    }

    /** L_matte of head outputs against a batch's matte, foreground and image (the latter two mapped to [0, 1]). */
    static LossTerms matteTerms(MatteLoss lossFn, MattingOutput out, DataBatch b) {
        return lossFn.compute(out.alpha(), out.foreground(), b.alpha(), ImageRange.toUnit(b.foreground()), ImageRange.toUnit(b.image()));
    }

    /** Grey images of a [B, 1, H, W] matte, for sample grids. */
    static List<RgbImage> greyRow(Tensor alpha) {
        List<RgbImage> row = new ArrayList<>();
        for (AlphaMap a : ImageTensors.toAlpha(alpha)) row.add(ImageGrid.grey(a));
        return row;
    }

    @Override
    public String name() {
        return "head";
    }

    @Override
    public Module trainable() {
        return head;
    }

    @Override
    public boolean needsForeground() {
        return true;
    }

    /** Frozen encode + decode with features, then the head. */
    private MattingOutput predict(Tensor image) {
        Tensor z;
        Decoder.Output dec;
        try (NoGradGuard g = new NoGradGuard()) {
            z = vae.encode(image).mode();                        // [B,L,h,w]
            dec = vae.decodeWithFeatures(z);                     // sample [B,3,H,W], features [B,C0,H,W]
        }
        return headOutput(head, dec, z, cfg);
    }

    /** head(D(z), decoder features, z when head_use_latent). */
    static MattingOutput headOutput(MattingHead head, Decoder.Output dec, Tensor z, TrainConfig cfg) {
        return head.forward(dec.sample(), dec.features(), cfg.headUseLatent() ? z : null);
    }

    @Override
    public LossTerms loss(DataBatch b, StepContext ctx) {
        return matteTerms(lossFn, predict(b.image()), b);
    }

    @Override
    public List<List<RgbImage>> samples(DataBatch b) {
        MattingOutput out = predict(b.image());
        Tensor fgSigned = ImageRange.toSigned(out.foreground());
        return List.of(ImageTensors.toRgb(b.image()), greyRow(out.alpha()), greyRow(b.alpha()), ImageTensors.toRgb(fgSigned));
    }

    @Override
    public void export(Path modelDir) {
        Map<String, Module> models = new LinkedHashMap<>();
        models.put("vae", vae);
        models.put("matting_head", head);
        DiffusersFolder.save(modelDir, VaeStage.PIPELINE_CLASS, models, Map.of(), false);
    }
}
