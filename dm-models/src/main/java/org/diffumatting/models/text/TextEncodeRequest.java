package org.diffumatting.models.text;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.DmException;
import org.diffumatting.models.clip.ClipTextEncoder;
import org.diffumatting.tensor.MemoryScope;
import org.diffumatting.tensor.Tensors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code dm text encode} asks: which encoder, and the prompts to run through it.
 *
 * @param encoder   "minilm" (embedded all-MiniLM-L6-v2) or "clip" (a diffusers SD folder's tokenizer/ + text_encoder/)
 * @param modelDir  the SD folder for "clip"; must be null for "minilm"
 * @param maxLength T for MiniLM (CLIP uses its tokenizer's model_max_length)
 * @param clipSkip  CLIP layers skipped from the end (0 = last_hidden_state)
 * @param prompts   at least one prompt
 */
public record TextEncodeRequest(String encoder, Path modelDir, int maxLength, int clipSkip, List<String> prompts) {

    /** One prompt's tokens. */
    public record PromptTokens(String prompt, long[] realTokenIds) {}

    /**
     * @param encoderName   "minilm" or "clip"
     * @param shape         hidden-states shape [B, T, D]
     * @param tokens        per prompt, the ids where the mask is 1
     * @param cosine        [B][B] cosine similarity of the mean-pooled states
     */
    public record Result(String encoderName, long[] shape, List<PromptTokens> tokens, double[][] cosine) {}

    public TextEncodeRequest {
        prompts = List.copyOf(prompts);
        if (prompts.isEmpty()) {
            throw new DmException("no prompts given");
        }
    }

    /** Builds the encoder the request names. */
    public TextEncoder openEncoder() {
        return switch (encoder) {
            case "minilm" -> {
                if (modelDir != null) {
                    throw new DmException("--model is for --encoder clip (MiniLM is embedded)");
                }
                yield new MiniLmTextEncoder(maxLength);
            }
            case "clip" -> {
                if (modelDir == null) {
                    throw new DmException("--encoder clip needs --model DIR (a diffusers SD folder with tokenizer/ and text_encoder/)");
                }
                yield ClipTextEncoder.fromDiffusersFolder(modelDir, clipSkip);
            }
            default -> throw new DmException("--encoder must be minilm or clip, got '" + encoder + "'");
        };
    }

    /** Encodes the prompts and summarises tokens, shape and pooled similarities. */
    public Result run() {
        TextEncoder enc = openEncoder();
        try (MemoryScope scope = MemoryScope.open()) {
            EncodedPrompts out = enc.encode(prompts);
            long[] shape = Tensors.shape(out.hiddenStates());
            List<PromptTokens> tokens = new ArrayList<>();
            for (int b = 0; b < prompts.size(); b++) {
                tokens.add(new PromptTokens(prompts.get(b), out.tokens().realTokens(b)));
            }
            Tensor pooled = out.meanPooled(); // [B, D]
            float[] v = Tensors.toFloats(pooled);
            int d = (int) shape[2];
            int n = prompts.size();
            double[][] cosine = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double dot = 0;
                    double ni = 0;
                    double nj = 0;
                    for (int k = 0; k < d; k++) {
                        dot += (double) v[i * d + k] * v[j * d + k];
                        ni += (double) v[i * d + k] * v[i * d + k];
                        nj += (double) v[j * d + k] * v[j * d + k];
                    }
                    cosine[i][j] = dot / Math.sqrt(Math.max(ni * nj, 1e-30));
                }
            }
            return new Result(encoder, shape, tokens, cosine);
        }
    }
}
