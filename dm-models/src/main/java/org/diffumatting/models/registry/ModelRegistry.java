package org.diffumatting.models.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.pytorch.Module;
import org.diffumatting.common.DmException;
import org.diffumatting.models.matting.MattingHead;
import org.diffumatting.models.matting.MattingHeadConfig;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.unet.UNet2DConditionConfig;
import org.diffumatting.models.unet.UNet2DConditionModel;
import org.diffumatting.models.vae.AutoencoderKL;
import org.diffumatting.models.vae.AutoencoderKLConfig;

/**
 * Maps the class named by a config file to the Java model that implements it: {@code _class_name}
 * for diffusers configs ({@code UNet2DConditionModel}, {@code AutoencoderKL}, our {@code MattingHead}),
 * {@code architectures[0]} then {@code model_type} for transformers configs ({@code CLIPTextModel},
 * registered by the text-encoder code). Used by folder loading and {@code dm model keys}.
 */
public final class ModelRegistry {
    /** Builds a model from its parsed config object; {@code where} names the config file in errors. */
    @FunctionalInterface
    public interface Factory {
        Module build(ObjectNode config, String where, ParamInit init);
    }

    /**
     * @param className   the name the config uses
     * @param weightsName weights file stem in a component folder: {@code diffusion_pytorch_model}
     *                    (diffusers) or {@code model} (transformers); {@code .safetensors} / {@code .fp16.safetensors} appended
     */
    public record Entry(String className, String weightsName, Factory factory) {}

    /** diffusers' weights file stem. */
    public static final String DIFFUSERS_WEIGHTS = "diffusion_pytorch_model";
    /** transformers' weights file stem. */
    public static final String TRANSFORMERS_WEIGHTS = "model";

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();
    private static final Map<String, String> MODEL_TYPES = new LinkedHashMap<>();

    static {
        register(new Entry(UNet2DConditionConfig.CLASS_NAME, DIFFUSERS_WEIGHTS,
                (c, w, init) -> new UNet2DConditionModel(UNet2DConditionConfig.fromJson(c, w), init)));
        register(new Entry(AutoencoderKLConfig.CLASS_NAME, DIFFUSERS_WEIGHTS,
                (c, w, init) -> new AutoencoderKL(AutoencoderKLConfig.fromJson(c, w), init)));
        register(new Entry(MattingHeadConfig.CLASS_NAME, DIFFUSERS_WEIGHTS,
                (c, w, init) -> new MattingHead(MattingHeadConfig.fromJson(c, w), init)));
        // --- more entries (text encoders) register themselves here, one line each ---
        register(new Entry("CLIPTextModel", TRANSFORMERS_WEIGHTS, (c, w, init) -> new org.diffumatting.models.clip.CLIPTextModel(org.diffumatting.models.clip.CLIPTextConfig.fromJson(c, w), init)));
    }

    private ModelRegistry() {}

    /** Adds or replaces the entry for {@code e.className()}. */
    public static synchronized void register(Entry e) {
        ENTRIES.put(e.className(), e);
    }

    /** Maps a transformers {@code model_type} (e.g. {@code clip_text_model}) to a registered class name. */
    public static synchronized void registerModelType(String modelType, String className) {
        MODEL_TYPES.put(modelType, className);
    }

    /** The class name a config declares: {@code _class_name}, else {@code architectures[0]}, else its {@code model_type}'s class. */
    public static synchronized Optional<String> declaredClass(ObjectNode config) {
        JsonNode cls = config.get("_class_name");
        if (cls != null && cls.isTextual()) return Optional.of(cls.asText());
        JsonNode arch = config.get("architectures");
        if (arch != null && arch.isArray() && arch.size() > 0 && arch.get(0).isTextual()) return Optional.of(arch.get(0).asText());
        JsonNode type = config.get("model_type");
        if (type != null && type.isTextual()) return Optional.of(MODEL_TYPES.getOrDefault(type.asText(), type.asText()));
        return Optional.empty();
    }

    /** The entry for a config, or a {@link DmException} naming the file and the class. */
    public static synchronized Entry forConfig(ObjectNode config, String where) {
        String cls = declaredClass(config).orElseThrow(() -> new DmException(
                where + ": no '_class_name', 'architectures' or 'model_type' key: cannot tell which model it configures"));
        Entry e = ENTRIES.get(cls);
        if (e == null) throw new DmException(where + ": model class '" + cls + "' is not supported (known: " + String.join(", ", ENTRIES.keySet()) + ")");
        return e;
    }

    /** Whether a model class is registered. */
    public static synchronized boolean isKnown(String className) {
        return ENTRIES.containsKey(className);
    }

    /** Builds the model a config describes. */
    public static Module build(ObjectNode config, String where, ParamInit init) {
        return forConfig(config, where).factory().build(config, where, init);
    }
}
