package org.diffumatting.cli;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.tensor.Tensors;
import org.diffumatting.tensor.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.diffumatting.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end: {@code dm text encode} and {@code dm model single-file}. */
class TextAndSingleFileCommandTest {

    @TempDir
    Path dir;

    @Test
    void textEncodePrintsTokensShapeAndSimilarities() {
        CliRun r = run("text", "encode", "--max-length", "16", "a green dog", "a puppy on a lawn");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("hidden states [2, 16, 384]"), r.out());
        assertTrue(r.out().contains("[101, 1037, 2665, 3899, 102]\ta green dog"), r.out());
        assertTrue(r.out().contains("  1.0000"), r.out());
        CliRun bad = run("text", "encode", "--encoder", "clip", "x");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--model"), bad.err());
    }

    @Test
    void singleFileSummaryAndKeys() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("model.diffusion_model.time_embed.0.weight", Tensors.fromFloats(new float[6], 3, 2));
        t.put("first_stage_model.encoder.mid.attn_1.q.weight", Tensors.fromFloats(new float[4], 2, 2, 1, 1));
        t.put("cond_stage_model.transformer.text_model.final_layer_norm.bias", Tensors.fromFloats(new float[2], 2));
        t.put("alphas_cumprod", Tensors.fromFloats(new float[2], 2));
        Path file = dir.resolve("tiny.safetensors");
        SafetensorsWriter.write(file, t, Map.of());
        CliRun r = run("model", "single-file", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("unet") && r.out().contains("1 tensors") && r.out().contains("skipped 1 non-weight keys: alphas_cumprod"),
                r.out());
        CliRun keys = run("model", "single-file", file.toString(), "--keys", "vae");
        assertEquals("encoder.mid_block.attentions.0.to_q.weight\t2,2", keys.out().strip());

        t.put("first_stage_model.loss.logvar", Tensors.fromFloats(new float[1], 1));
        SafetensorsWriter.write(file, t, Map.of());
        CliRun bad = run("model", "single-file", file.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("first_stage_model.loss.logvar"), bad.err());
    }
}
