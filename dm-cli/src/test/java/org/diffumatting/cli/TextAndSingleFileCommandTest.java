package org.diffumatting.cli;

import org.bytedeco.pytorch.Tensor;
import org.diffumatting.tensor.Tensors;
import org.diffumatting.tensor.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end: {@code dm text encode} and {@code dm model single-file}. */
class TextAndSingleFileCommandTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void textEncodePrintsTokensShapeAndSimilarities() {
        Result r = run("text", "encode", "--max-length", "16", "a green dog", "a puppy on a lawn");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("hidden states [2, 16, 384]"), r.out());
        assertTrue(r.out().contains("[101, 1037, 2665, 3899, 102]\ta green dog"), r.out());
        assertTrue(r.out().contains("  1.0000"), r.out());
        Result bad = run("text", "encode", "--encoder", "clip", "x");
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
        Result r = run("model", "single-file", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("unet") && r.out().contains("1 tensors") && r.out().contains("skipped 1 non-weight keys: alphas_cumprod"),
                r.out());
        Result keys = run("model", "single-file", file.toString(), "--keys", "vae");
        assertEquals("encoder.mid_block.attentions.0.to_q.weight\t2,2", keys.out().strip());

        t.put("first_stage_model.loss.logvar", Tensors.fromFloats(new float[1], 1));
        SafetensorsWriter.write(file, t, Map.of());
        Result bad = run("model", "single-file", file.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("first_stage_model.loss.logvar"), bad.err());
    }
}
