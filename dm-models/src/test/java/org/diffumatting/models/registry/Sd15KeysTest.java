package org.diffumatting.models.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The models built from the real SD 1.5 configs have exactly the diffusers parameter names and
 * shapes (committed lists; totals = the published 859,520,964 UNet and 83,653,863 VAE parameters).
 */
class Sd15KeysTest {
    private static final Path SD15 = Path.of("src/test/resources/sd15");

    private static String printed(ModelKeys.Listing l) {
        StringWriter w = new StringWriter();
        ModelKeys.print(new ModelKeys.Result(List.of(l), List.of()), new PrintWriter(w), false);
        return w.toString();
    }

    private static long total(ModelKeys.Listing l) {
        long n = 0;
        for (long[] s : l.shapes().values()) {
            long p = 1;
            for (long d : s) p *= d;
            n += p;
        }
        return n;
    }

    @Test
    void unetKeysAndShapesMatchTheCommittedList() throws IOException {
        ModelKeys.Listing l = ModelKeys.ofConfig(SD15.resolve("unet/config.json"), "unet");
        assertEquals(686, l.shapes().size());
        assertEquals(Files.readString(SD15.resolve("sd15-unet.keys.tsv")), printed(l));
        assertEquals(859_520_964L, total(l));
        assertEquals("UNet2DConditionModel", l.className());
    }

    @Test
    void vaeKeysAndShapesMatchTheCommittedList() throws IOException {
        ModelKeys.Listing l = ModelKeys.ofConfig(SD15.resolve("vae/config.json"), "vae");
        assertEquals(248, l.shapes().size());
        assertEquals(Files.readString(SD15.resolve("sd15-vae.keys.tsv")), printed(l));
        assertEquals(83_653_863L, total(l));
    }

    @Test
    void spotChecksAgainstTheDiffusersConversionTables() {
        // names/shapes as in diffusers' convert_original_stable_diffusion_to_diffusers.py output
        ModelKeys.Listing u = ModelKeys.ofConfig(SD15.resolve("unet/config.json"), "unet");
        assertEquals("1280,320", csv(u, "time_embedding.linear_1.weight"));
        assertEquals("2560,320", csv(u, "down_blocks.0.attentions.0.transformer_blocks.0.ff.net.0.proj.weight")); // GEGLU: 2 x 4 x 320
        assertEquals("320,768", csv(u, "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight"));
        assertEquals("320,320,1,1", csv(u, "down_blocks.0.attentions.0.proj_in.weight"));
        assertEquals("1280,2560,1,1", csv(u, "up_blocks.0.resnets.0.conv_shortcut.weight"));
        assertEquals("320,960,1,1", csv(u, "up_blocks.3.resnets.0.conv_shortcut.weight")); // 640 from below + 320 skip
        assertEquals("1280,1280,3,3", csv(u, "mid_block.resnets.1.conv2.weight"));
        assertEquals("4,320,3,3", csv(u, "conv_out.weight"));
        ModelKeys.Listing v = ModelKeys.ofConfig(SD15.resolve("vae/config.json"), "vae");
        assertEquals("8,512,3,3", csv(v, "encoder.conv_out.weight"));
        assertEquals("8,8,1,1", csv(v, "quant_conv.weight"));
        assertEquals("128,128,3,3", csv(v, "encoder.down_blocks.0.downsamplers.0.conv.weight"));
        assertEquals("512,512", csv(v, "decoder.mid_block.attentions.0.to_out.0.weight"));
        assertEquals("128,256,1,1", csv(v, "decoder.up_blocks.3.resnets.0.conv_shortcut.weight"));
    }

    private static String csv(ModelKeys.Listing l, String key) {
        long[] s = l.shapes().get(key);
        assertTrue(s != null, "missing " + key);
        return org.diffumatting.models.nn.Shapes.csv(s);
    }

    @Test
    void pipelineFolderListsKnownComponentsInModelIndexOrder() {
        ModelKeys.Result r = ModelKeys.of(SD15);
        List<String> names = r.listings().stream().map(ModelKeys.Listing::component).toList();
        assertTrue(names.indexOf("unet") >= 0 && names.indexOf("vae") > names.indexOf("unet"), names.toString());
        assertTrue(r.skipped().stream().anyMatch(s -> s.component().equals("scheduler")));
    }
}
