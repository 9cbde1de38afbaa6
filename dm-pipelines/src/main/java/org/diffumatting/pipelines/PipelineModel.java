package org.diffumatting.pipelines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.common.DmException;
import org.diffumatting.models.loading.DiffusersFolder;
import org.diffumatting.models.matting.MattingHead;
import org.diffumatting.models.registry.ModelRegistry;
import org.diffumatting.models.text.TextEncoder;
import org.diffumatting.models.text.TextEncoderFolder;
import org.diffumatting.models.unet.UNet2DConditionModel;
import org.diffumatting.models.vae.AutoencoderKL;
import org.diffumatting.schedulers.SchedulerConfig;

/**
 * A DiffuMatting model folder, loaded: the diffusers layout
 * <pre>
 *   model_index.json        {"_class_name": "DiffuMattingPipeline", "unet": [...], "vae": [...],
 *                            "matting_head": ["diffumatting", "MattingHead"], "text_encoder": [...], "scheduler": [...]}
 *   unet/  vae/  matting_head/   config.json + diffusion_pytorch_model.safetensors
 *   text_encoder/           CLIPTextModel (config.json + model.safetensors, with tokenizer/) or
 *                           {"_class_name": "MiniLmTextEncoder", "max_length": 32} (weights in a Maven jar)
 *   scheduler/scheduler_config.json
 * </pre>
 * A folder without {@code matting_head} (plain SD 1.5) still generates; alpha then comes from the chroma key
 * ({@link #hasMattingHead()} false). Weights load in float32 on CPU and move to the requested device.
 */
public final class PipelineModel {
    /** Sub-folder of the repository root ({@code -Ddm.home}) holding the embedded default model. */
    public static final String DEFAULT_MODEL_DIR = "models/default";
    /** System property naming the repository root, set by the ./dm launcher. */
    public static final String HOME_PROPERTY = "dm.home";

    private final Path folder;
    private final UNet2DConditionModel unet;
    private final AutoencoderKL vae;
    private final MattingHead head;
    private final TextEncoder textEncoder;
    private final SchedulerConfig schedulerConfig;

    private PipelineModel(Path folder, UNet2DConditionModel unet, AutoencoderKL vae, MattingHead head,
                          TextEncoder textEncoder, SchedulerConfig schedulerConfig) {
        this.folder = folder;
        this.unet = unet;
        this.vae = vae;
        this.head = head;
        this.textEncoder = textEncoder;
        this.schedulerConfig = schedulerConfig;
    }

    /**
     * {@code model} itself, or the default model folder when null.
     *
     * @throws DmException when the default model is not installed (one line saying how to get it)
     */
    public static Path resolve(Path model) {
        if (model != null) return model;
        String home = System.getProperty(HOME_PROPERTY);
        Path dir = (home == null ? Path.of(".") : Path.of(home)).resolve(DEFAULT_MODEL_DIR).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve(DiffusersFolder.MODEL_INDEX))) {
            throw new DmException("the default model is missing (" + dir + " has no " + DiffusersFolder.MODEL_INDEX
                    + "): train it with `dm train vae|head|unet --config CONFIG` (docs/NOTES-train.md) and copy the resulting model/ folder to " + DEFAULT_MODEL_DIR
                    + ", or pass --model DIR (a DiffuMatting or Stable Diffusion diffusers folder)");
        }
        return dir;
    }

    /**
     * Files a folder must have, which are absent (one entry per file, empty when complete).
     *
     * @param forGeneration also require the UNet, the text encoder and the scheduler config (else only VAE + head)
     */
    public static List<Path> missingFiles(Path folder, boolean forGeneration) {
        List<Path> missing = new ArrayList<>();
        Path index = folder.resolve(DiffusersFolder.MODEL_INDEX);
        if (!Files.isRegularFile(index)) {
            missing.add(index);
            return missing;
        }
        List<String> components = new ArrayList<>();
        for (DiffusersFolder.ComponentSpec c : DiffusersFolder.components(folder)) components.add(c.name());
        List<String> needed = new ArrayList<>(forGeneration ? List.of("unet", "vae", "text_encoder", "scheduler") : List.of("vae", "matting_head"));
        if (forGeneration && components.contains("matting_head")) needed.add("matting_head");
        for (String name : needed) {
            Path dir = folder.resolve(name);
            if (name.equals("scheduler")) {
                requireFile(dir.resolve(SchedulerConfig.FILE_NAME), missing);
            } else if (name.equals("text_encoder")) {
                Path cfg = dir.resolve(DiffusersFolder.CONFIG);
                if (!Files.isRegularFile(cfg)) {
                    missing.add(cfg);
                } else if (!TextEncoderFolder.isMiniLm(dir)) {
                    requireFile(dir.resolve(ModelRegistry.TRANSFORMERS_WEIGHTS + ".safetensors"), missing);
                    requireFile(folder.resolve("tokenizer").resolve("vocab.json"), missing);
                    requireFile(folder.resolve("tokenizer").resolve("merges.txt"), missing);
                }
            } else {
                requireFile(dir.resolve(DiffusersFolder.CONFIG), missing);
                requireFile(dir.resolve(ModelRegistry.DIFFUSERS_WEIGHTS + ".safetensors"), missing);
            }
        }
        return missing;
    }

    private static void requireFile(Path p, List<Path> missing) {
        if (!Files.isRegularFile(p)) missing.add(p);
    }

    /** Throws one {@link DmException} naming every missing file. */
    public static void checkFiles(Path folder, boolean forGeneration) {
        if (!Files.isDirectory(folder)) throw new DmException(folder + ": model folder not found");
        List<Path> missing = missingFiles(folder, forGeneration);
        if (!missing.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (Path p : missing) names.add(p.toString());
            throw new DmException("model folder " + folder + " is incomplete, missing: " + String.join(", ", names));
        }
    }

    /** Loads everything generation needs (UNet, VAE, optional matting head, text encoder, scheduler config). */
    public static PipelineModel forGeneration(Path folder, Device device) {
        checkFiles(folder, true);
        // The text encoder (ONNX Runtime session or CLIP weights) loads on a second thread while libtorch and the
        // UNet/VAE/head load here: on 2 cores this takes about a second off the start-up of `dm generate`.
        CompletableFuture<TextEncoder> textLoad = CompletableFuture.supplyAsync(() -> TextEncoderFolder.load(folder));
        UNet2DConditionModel unet = (UNet2DConditionModel) load(folder, "unet", UNet2DConditionModel.class, device);
        AutoencoderKL vae = (AutoencoderKL) load(folder, "vae", AutoencoderKL.class, device);
        MattingHead head = Files.isDirectory(folder.resolve("matting_head"))
                ? (MattingHead) load(folder, "matting_head", MattingHead.class, device) : null;
        TextEncoder text = joinTextLoad(textLoad);
        int crossDim = unet.config().crossAttentionDim().values().get(0);
        if (text.hiddenSize() != crossDim) {
            throw new DmException(folder.resolve("unet").resolve(DiffusersFolder.CONFIG) + ": cross_attention_dim " + crossDim
                    + " differs from the text encoder's hidden size " + text.hiddenSize());
        }
        SchedulerConfig sched = SchedulerConfig.read(folder.resolve("scheduler").resolve(SchedulerConfig.FILE_NAME));
        return new PipelineModel(folder, unet, vae, head, text, sched);
    }

    /** Waits for the text encoder; its own exception (e.g. a one-line {@link DmException}) is rethrown as is. */
    private static TextEncoder joinTextLoad(CompletableFuture<TextEncoder> textLoad) {
        try {
            return textLoad.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /** Loads the VAE and the matting head (what {@code dm matte} needs). */
    public static PipelineModel forMatting(Path folder, Device device) {
        checkFiles(folder, false);
        AutoencoderKL vae = (AutoencoderKL) load(folder, "vae", AutoencoderKL.class, device);
        MattingHead head = (MattingHead) load(folder, "matting_head", MattingHead.class, device);
        return new PipelineModel(folder, null, vae, head, null, null);
    }

    private static Module load(Path folder, String name, Class<? extends Module> expected, Device device) {
        Module m = DiffusersFolder.loadComponent(folder, name, torch.ScalarType.Float, false);
        if (!expected.isInstance(m)) {
            throw new DmException(folder.resolve(name).resolve(DiffusersFolder.CONFIG) + ": expected a " + expected.getSimpleName()
                    + ", the config describes a " + m.getClass().getSimpleName());
        }
        if (!device.is_cpu()) m.to(device, false);
        m.eval();
        return m;
    }

    public Path folder() {
        return folder;
    }

    /** The UNet (null for a matting-only load). */
    public UNet2DConditionModel unet() {
        return unet;
    }

    public AutoencoderKL vae() {
        return vae;
    }

    /** The matting head, or null when the folder has none. */
    public MattingHead head() {
        return head;
    }

    public boolean hasMattingHead() {
        return head != null;
    }

    /** The text encoder (null for a matting-only load). */
    public TextEncoder textEncoder() {
        return textEncoder;
    }

    /** scheduler/scheduler_config.json (null for a matting-only load). */
    public SchedulerConfig schedulerConfig() {
        return schedulerConfig;
    }

    /** The VAE's spatial downsampling factor f. */
    public int vaeFactor() {
        return vae.config().downsamplingFactor();
    }

    /** Default image side: the UNet's training sample_size times f. */
    public int defaultSize() {
        var s = unet.config().sampleSize();
        return (s == null ? 64 : s.values().get(0)) * vaeFactor(); // diffusers' default sample_size is 64
    }
}
