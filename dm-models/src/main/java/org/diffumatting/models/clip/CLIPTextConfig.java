package org.diffumatting.models.clip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.diffumatting.common.AtomicFiles;
import org.diffumatting.common.DmException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * transformers' {@code CLIPTextConfig} (models/clip/configuration_clip.py), read from and written to
 * the same {@code config.json} keys. Defaults are transformers' defaults; SD 1.5's text encoder
 * (openai/clip-vit-large-patch14) sets hidden_size 768, intermediate_size 3072, 12 heads,
 * projection_dim 768, bos/eos/pad 0/2/1 (the config ids are unused: the tokenizer's ids 49406/49407 are
 * what the model sees).
 *
 * @param vocabSize             vocab_size, V (49408)
 * @param hiddenSize            hidden_size, D
 * @param intermediateSize      intermediate_size, MLP width
 * @param numHiddenLayers       num_hidden_layers, L
 * @param numAttentionHeads     num_attention_heads, H (D % H == 0)
 * @param maxPositionEmbeddings max_position_embeddings, T_max (77)
 * @param hiddenAct             hidden_act: "quick_gelu" (x * sigmoid(1.702 x)) or "gelu" (erf GELU)
 * @param layerNormEps          layer_norm_eps
 * @param projectionDim         projection_dim (only CLIPTextModelWithProjection uses it)
 * @param attentionDropout      attention_dropout (inference ignores it)
 * @param initializerRange      initializer_range
 * @param initializerFactor     initializer_factor
 * @param bosTokenId            bos_token_id
 * @param eosTokenId            eos_token_id
 * @param padTokenId            pad_token_id
 * @param architectures         architectures (["CLIPTextModel"])
 * @param modelType             model_type ("clip_text_model")
 */
public record CLIPTextConfig(int vocabSize, int hiddenSize, int intermediateSize, int numHiddenLayers,
                             int numAttentionHeads, int maxPositionEmbeddings, String hiddenAct, double layerNormEps,
                             int projectionDim, double attentionDropout, double initializerRange,
                             double initializerFactor, int bosTokenId, int eosTokenId, int padTokenId,
                             List<String> architectures, String modelType) {

    public CLIPTextConfig {
        architectures = List.copyOf(architectures);
        check(vocabSize > 0, "vocab_size", vocabSize);
        check(hiddenSize > 0, "hidden_size", hiddenSize);
        check(intermediateSize > 0, "intermediate_size", intermediateSize);
        check(numHiddenLayers > 0, "num_hidden_layers", numHiddenLayers);
        check(numAttentionHeads > 0 && hiddenSize % numAttentionHeads == 0, "num_attention_heads (must divide hidden_size)",
                numAttentionHeads);
        check(maxPositionEmbeddings > 1, "max_position_embeddings", maxPositionEmbeddings);
        check(layerNormEps > 0, "layer_norm_eps", layerNormEps);
        if (!hiddenAct.equals("quick_gelu") && !hiddenAct.equals("gelu")) {
            throw new DmException("CLIPTextConfig: hidden_act must be quick_gelu or gelu, got '" + hiddenAct + "'");
        }
    }

    private static void check(boolean ok, String field, Object value) {
        if (!ok) {
            throw new DmException("CLIPTextConfig: invalid " + field + ": " + value);
        }
    }

    /** SD 1.5's text encoder (openai/clip-vit-large-patch14 text tower). */
    public static CLIPTextConfig sd15() {
        return new CLIPTextConfig(49408, 768, 3072, 12, 12, 77, "quick_gelu", 1e-5, 768, 0.0, 0.02, 1.0,
                0, 2, 1, List.of("CLIPTextModel"), "clip_text_model");
    }

    /** A small config for tests and the embedded model: same structure, any sizes. */
    public static CLIPTextConfig tiny(int vocabSize, int hiddenSize, int layers, int heads, int maxPositions) {
        return new CLIPTextConfig(vocabSize, hiddenSize, hiddenSize * 4, layers, heads, maxPositions, "quick_gelu",
                1e-5, hiddenSize, 0.0, 0.02, 1.0, 0, 2, 1, List.of("CLIPTextModel"), "clip_text_model");
    }

    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }

    /** Reads a transformers config.json; missing keys take transformers' CLIPTextConfig defaults. */
    public static CLIPTextConfig load(Path file) {
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new DmException(file + ": " + (Files.exists(file) ? "invalid JSON" : "file not found"), e);
        }
        if (node == null || !node.isObject()) {
            throw new DmException(file + ": expected a JSON object");
        }
        return fromJson(node, file.toString());
    }

    /** {@link #fromJson(JsonNode)} with errors prefixed by {@code where} (the config file). */
    public static CLIPTextConfig fromJson(JsonNode n, String where) {
        try {
            return fromJson(n);
        } catch (DmException e) {
            throw new DmException(where + ": " + e.getMessage(), e);
        }
    }

    public static CLIPTextConfig fromJson(JsonNode n) {
        // A full CLIPConfig nests the text tower under text_config.
        JsonNode c = n.has("text_config") && n.get("text_config").isObject() ? n.get("text_config") : n;
        List<String> arch = c.has("architectures") && c.get("architectures").isArray()
                ? java.util.stream.StreamSupport.stream(c.get("architectures").spliterator(), false)
                .map(JsonNode::asText).toList()
                : List.of("CLIPTextModel");
        return new CLIPTextConfig(
                intField(c, "vocab_size", 49408), intField(c, "hidden_size", 512),
                intField(c, "intermediate_size", 2048), intField(c, "num_hidden_layers", 12),
                intField(c, "num_attention_heads", 8), intField(c, "max_position_embeddings", 77),
                textField(c, "hidden_act", "quick_gelu"), doubleField(c, "layer_norm_eps", 1e-5),
                intField(c, "projection_dim", 512), doubleField(c, "attention_dropout", 0.0),
                doubleField(c, "initializer_range", 0.02), doubleField(c, "initializer_factor", 1.0),
                intField(c, "bos_token_id", 49406), intField(c, "eos_token_id", 49407), intField(c, "pad_token_id", 1),
                arch, textField(c, "model_type", "clip_text_model"));
    }

    private static int intField(JsonNode c, String key, int fallback) {
        JsonNode v = c.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new DmException("field " + key + " must be an integer, got " + v);
        }
        return v.asInt();
    }

    private static double doubleField(JsonNode c, String key, double fallback) {
        JsonNode v = c.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new DmException("field " + key + " must be a number, got " + v);
        }
        return v.asDouble();
    }

    private static String textField(JsonNode c, String key, String fallback) {
        JsonNode v = c.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new DmException("field " + key + " must be a string, got " + v);
        }
        return v.asText();
    }

    /** The config.json object with transformers' key names. */
    public ObjectNode toJson() {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.putArray("architectures").addAll(architectures.stream()
                .map(a -> (JsonNode) o.textNode(a)).toList());
        o.put("attention_dropout", attentionDropout);
        o.put("bos_token_id", bosTokenId);
        o.put("eos_token_id", eosTokenId);
        o.put("hidden_act", hiddenAct);
        o.put("hidden_size", hiddenSize);
        o.put("initializer_factor", initializerFactor);
        o.put("initializer_range", initializerRange);
        o.put("intermediate_size", intermediateSize);
        o.put("layer_norm_eps", layerNormEps);
        o.put("max_position_embeddings", maxPositionEmbeddings);
        o.put("model_type", modelType);
        o.put("num_attention_heads", numAttentionHeads);
        o.put("num_hidden_layers", numHiddenLayers);
        o.put("pad_token_id", padTokenId);
        o.put("projection_dim", projectionDim);
        o.put("vocab_size", vocabSize);
        return o;
    }

    /** Writes config.json atomically. */
    public void save(Path file) {
        try {
            String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson()) + "\n";
            AtomicFiles.writeString(file, json);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new DmException(file + ": cannot write config (" + e.getMessage() + ")", e);
        }
    }
}
