package org.diffumatting.models.clip;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.common.DmException;
import org.diffumatting.models.loading.StateDict;
import org.diffumatting.models.loading.StrictLoader;
import org.diffumatting.models.loading.TensorSource;
import org.diffumatting.models.nn.DmModule;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.registry.ConfiguredModel;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.diffumatting.tensor.safetensors.SafetensorsFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * transformers {@code CLIPTextModel}: the CLIP text tower used as SD 1.5's {@code text_encoder}.
 * Parameter names are transformers' ({@code text_model.embeddings.token_embedding.weight},
 * {@code text_model.encoder.layers.N.self_attn.q_proj.weight}, ..., {@code text_model.final_layer_norm.bias});
 * SD 1.5 has 196 of them (2 embeddings + 12 x 16 per layer + 2 final norm), 123,060,480 values.
 *
 * <p>forward(input_ids [B, T]) -> last_hidden_state [B, T, D] (after final_layer_norm, as
 * transformers returns it and SD pipelines use it); with {@code clipSkip = k > 0}: the hidden state
 * after layer L-k, passed through final_layer_norm (diffusers StableDiffusionPipeline.encode_prompt).
 * The causal mask is always applied; there is no padding mask (SD 1.5 pipelines pass none).
 *
 * <p>Checkpoint rule for {@code text_model.embeddings.position_ids}: it is a buffer, not a weight.
 * Files written by transformers before it became non-persistent contain it ([1, T_max] int64
 * 0..T_max-1), newer ones do not. Loading accepts both: when present with shape [1, T_max] (or
 * [T_max]) it is skipped before strict matching; any other shape is an error; it is never required.
 */
public final class CLIPTextModel extends DmModule implements StrictLoader.CheckpointView, ConfiguredModel {
    /** Keys a checkpoint may or may not contain; they are not parameters of this module. */
    public static final Set<String> OPTIONAL_CHECKPOINT_KEYS = Set.of("text_model.embeddings.position_ids");

    private final CLIPTextConfig config;
    private final CLIPTextTransformer textModel;

    public CLIPTextModel(CLIPTextConfig config, ParamInit init) {
        this.config = config;
        this.textModel = child("text_model", new CLIPTextTransformer(config, init));
    }

    /**
     * Loads a transformers folder ({@code text_encoder/}: config.json + model.safetensors) strictly.
     * Parameters are created uninitialised, then filled.
     */
    public static CLIPTextModel fromPretrained(Path dir) {
        return fromPretrained(dir, torch.ScalarType.Float, false);
    }

    /**
     * As {@link #fromPretrained(Path)} with parameters in {@code dtype}; {@code fp16Variant} reads
     * {@code model.fp16.safetensors}. A pickle {@code pytorch_model.bin} is refused with a message.
     */
    public static CLIPTextModel fromPretrained(Path dir, torch.ScalarType dtype, boolean fp16Variant) {
        CLIPTextConfig config = CLIPTextConfig.load(dir.resolve("config.json"));
        Path weights = dir.resolve(fp16Variant ? "model.fp16.safetensors" : "model.safetensors");
        if (!Files.isRegularFile(weights)) {
            for (String pickle : new String[]{"pytorch_model.bin", "pytorch_model.fp16.bin"}) {
                if (Files.isRegularFile(dir.resolve(pickle))) {
                    org.diffumatting.tensor.safetensors.PickleCheckpoints.refuse(dir.resolve(pickle));
                }
            }
            throw new DmException(weights + ": file not found (only safetensors weights are loaded)");
        }
        CLIPTextModel model = new CLIPTextModel(config, ParamInit.empty().withDtype(dtype));
        try (SafetensorsFile file = SafetensorsFile.open(weights)) {
            model.loadWeights(TensorSource.of(file));
        }
        return model;
    }

    public CLIPTextConfig config() {
        return config;
    }

    /** Strict load (see class doc for position_ids); converts dtypes to the parameters'. */
    public void loadWeights(TensorSource source) {
        StrictLoader.load(this, source, StrictLoader.DtypePolicy.CONVERT); // filtered by checkpointView
    }

    /** What StrictLoader matches: the checkpoint without {@link #OPTIONAL_CHECKPOINT_KEYS}. */
    @Override
    public TensorSource checkpointView(TensorSource source) {
        return withoutOptionalKeys(source);
    }

    @Override
    public ObjectNode configJson() {
        return config.toJson();
    }

    /** @param inputIds [B, T] int64 on the module's device -> last_hidden_state [B, T, D] */
    public Tensor forward(Tensor inputIds) {
        return textModel.forward(inputIds, 0);
    }

    /** @param clipSkip see class doc; 0 = last_hidden_state */
    public Tensor forward(Tensor inputIds, int clipSkip) {
        return textModel.forward(inputIds, clipSkip);
    }

    /** Parameter name -> shape, in registration order (the names a strict loader matches). */
    public Map<String, long[]> parameterShapes() {
        return StateDict.shapes(this);
    }

    /** A view of {@code source} without {@link #OPTIONAL_CHECKPOINT_KEYS}, after checking a present position_ids' shape. */
    public TensorSource withoutOptionalKeys(TensorSource source) {
        Set<String> names = new LinkedHashSet<>(source.names());
        for (String key : OPTIONAL_CHECKPOINT_KEYS) {
            if (names.remove(key)) {
                checkPositionIdsShape(source.label(), key, source.shape(key));
            }
        }
        Set<String> kept = java.util.Collections.unmodifiableSet(names);
        return new TensorSource() {
            public String label() {
                return source.label();
            }

            public Set<String> names() {
                return kept;
            }

            public long[] shape(String name) {
                return source.shape(name);
            }

            public torch.ScalarType dtype(String name) {
                return source.dtype(name);
            }

            public Tensor load(String name) {
                return source.load(name);
            }
        };
    }

    /** The same rule on a name -> shape map (used by key-list checks). */
    public Map<String, long[]> withoutOptionalKeys(Map<String, long[]> shapes, String label) {
        Map<String, long[]> out = new LinkedHashMap<>(shapes);
        for (String key : OPTIONAL_CHECKPOINT_KEYS) {
            long[] shape = out.remove(key);
            if (shape != null) {
                checkPositionIdsShape(label, key, shape);
            }
        }
        return out;
    }

    private void checkPositionIdsShape(String label, String key, long[] shape) {
        long n = config.maxPositionEmbeddings();
        if (!Arrays.equals(shape, new long[]{1, n}) && !Arrays.equals(shape, new long[]{n})) {
            throw new DmException(label + ": key " + key + ": expected shape [1, " + n + "], got " + Arrays.toString(shape));
        }
    }
}
