package org.diffumatting.models.clip;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.models.text.EncodedPrompts;
import org.diffumatting.models.text.TextEncoder;
import org.diffumatting.models.text.TokenizedBatch;
import org.diffumatting.tensor.Tensors;

import java.nio.file.Path;
import java.util.List;

/**
 * SD-style prompt encoding with CLIP (diffusers StableDiffusionPipeline.encode_prompt): tokenize
 * with padding to max_length (77) and truncation, run the text tower without gradients, return
 * last_hidden_state [B, 77, D] (or, with clip skip k > 0, final_layer_norm of the state after layer
 * L-k). The attention mask marks bos..eos; the states at padded positions are real model outputs
 * (SD 1.5's UNet attends to all 77 positions).
 */
public final class ClipTextEncoder implements TextEncoder {
    private final CLIPTokenizer tokenizer;
    private final CLIPTextModel model;
    private final int clipSkip;

    public ClipTextEncoder(CLIPTokenizer tokenizer, CLIPTextModel model, int clipSkip) {
        if (tokenizer.maxLength() > model.config().maxPositionEmbeddings()) {
            throw new IllegalArgumentException("tokenizer max length " + tokenizer.maxLength()
                    + " > max_position_embeddings " + model.config().maxPositionEmbeddings());
        }
        if (clipSkip < 0 || clipSkip >= model.config().numHiddenLayers()) {
            throw new IllegalArgumentException("clip_skip must be in [0, " + (model.config().numHiddenLayers() - 1)
                    + "], got " + clipSkip);
        }
        this.tokenizer = tokenizer;
        this.model = model;
        this.clipSkip = clipSkip;
    }

    /** A diffusers SD folder: {@code tokenizer/} and {@code text_encoder/} under {@code root}. */
    public static ClipTextEncoder fromDiffusersFolder(Path root, int clipSkip) {
        return new ClipTextEncoder(CLIPTokenizer.load(root.resolve("tokenizer")),
                CLIPTextModel.fromPretrained(root.resolve("text_encoder")), clipSkip);
    }

    public CLIPTokenizer tokenizer() {
        return tokenizer;
    }

    public CLIPTextModel model() {
        return model;
    }

    @Override
    public EncodedPrompts encode(List<String> prompts) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no prompts");
        }
        TokenizedBatch tokens = tokenizer.encodeBatch(prompts);
        long[] shape = {tokens.batch(), tokens.length()};
        try (NoGradGuard noGrad = new NoGradGuard()) {
            Tensor weight = new Tensor(model.parameters().get(0)); // the module's device (owning handle: get() points into the vector)
            Tensor ids = Tensors.fromLongs(tokens.ids(), shape).to(weight.device(),
                    org.bytedeco.pytorch.global.torch.ScalarType.Long); // [B, 77]
            Tensor states = model.forward(ids, clipSkip); // [B, 77, D]
            return new EncodedPrompts(states, Tensors.fromLongs(tokens.attentionMask(), shape), tokens);
        }
    }

    @Override
    public int hiddenSize() {
        return model.config().hiddenSize();
    }

    @Override
    public int maxLength() {
        return tokenizer.maxLength();
    }
}
