package org.diffumatting.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.diffumatting.tensor.Devices;
import org.diffumatting.train.config.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Part (c): two tiny UNet-stage variants trained for 2 steps and scored; the committed ablation configs. */
class AblationStudyTest {
    @TempDir
    Path tmp;

    static final String UNET = "{\"_class_name\":\"UNet2DConditionModel\",\"sample_size\":8,\"in_channels\":4,\"out_channels\":4,"
            + "\"down_block_types\":[\"CrossAttnDownBlock2D\",\"DownBlock2D\"],\"up_block_types\":[\"UpBlock2D\",\"CrossAttnUpBlock2D\"],"
            + "\"block_out_channels\":[16,32],\"layers_per_block\":1,\"attention_head_dim\":4,\"cross_attention_dim\":384,\"norm_num_groups\":8}";

    Path config(String name, Path data, Path model, double lambdaGreen, double lambdaTb) throws IOException {
        Path f = tmp.resolve(name + ".json");
        Files.writeString(f, "{\"data_dir\":\"" + data + "\",\"output_dir\":\"" + tmp.resolve("runs").resolve(name) + "\",\"resolution\":16,"
                + "\"batch_size\":2,\"max_steps\":2,\"warmup_steps\":0,\"seed\":3,\"sample_every\":0,\"checkpoint_every\":0,"
                + "\"text_max_length\":8,\"band_radius\":1,\"vae_path\":\"" + model + "\",\"head_path\":\"" + model + "\","
                + "\"lambda_green\":" + lambdaGreen + ",\"lambda_tb\":" + lambdaTb + ",\"unet_config\":" + UNET + "}");
        return f;
    }

    @Test
    void eachVariantIsTrainedAndScored() throws Exception {
        Devices.setThreads(1);
        Path model = TinyFixtures.model(tmp.resolve("model"));
        Path data = TinyFixtures.greenSet(tmp.resolve("set"), 4, 2);
        List<Path> cfgs = List.of(config("tiny-none", data, model, 0, 0), config("tiny-full", data, model, 0.5, 1.0));
        Path out = tmp.resolve("eval");
        ModelEvalReport r = ModelEvaluation.run(ModelEvalRequest.of(model, data).withOut(out).withLimit(2).withSteps(1).withAblation(cfgs),
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals(2, r.ablation().size());
        AblationStudy.Row none = r.ablation().get(0);
        assertEquals("tiny-none", none.name());
        assertEquals(0.0, none.lambdaGreen());
        assertEquals(1.0, r.ablation().get(1).lambdaTb());
        assertEquals(4, none.quality().lists().get(GeneratedSampleQuality.OVERALL).samples());
        assertTrue(Double.isFinite(none.finalLoss()));
        assertTrue(Files.isRegularFile(none.modelDir().resolve("text_encoder").resolve("config.json")));
        assertTrue(Files.isRegularFile(out.resolve("ablation-tiny-full-contact-sheet.png")));
        JsonNode abl = new ObjectMapper().readTree(Files.readString(out.resolve("eval-model.json"))).path("ablation");
        assertEquals(2, abl.size());
        assertEquals("tiny-full", abl.get(1).path("variant").asText());
        assertTrue(Files.readString(out.resolve("eval-model.md")).contains("| tiny-none | 0.00 | 0.00 | 2 |"));
    }

    /** models/configs/ablation-*.json: valid UNet-stage configs, identical but for lambda_green, lambda_tb and output_dir. */
    @Test
    void committedAblationConfigsDifferOnlyInTheLossWeights() throws Exception {
        Path dir = Path.of("..", "models", "configs");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().matches("ablation-.*\\.json")).sorted().forEach(files::add);
        }
        assertEquals(4, files.size(), files.toString());
        List<TrainConfig> cfgs = AblationStudy.check(files);
        ObjectMapper json = new ObjectMapper();
        ObjectNode first = strip((ObjectNode) json.readTree(files.get(0).toFile()));
        java.util.Set<String> weights = new java.util.HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            assertEquals(first, strip((ObjectNode) json.readTree(files.get(i).toFile())), files.get(i).toString());
            weights.add(cfgs.get(i).lambdaGreen() + "/" + cfgs.get(i).lambdaTb());
            assertEquals(cfgs.get(0).seed(), cfgs.get(i).seed());
            assertEquals(cfgs.get(0).maxSteps(), cfgs.get(i).maxSteps());
        }
        assertEquals(java.util.Set.of("0.5/1.0", "0.0/1.0", "0.5/0.0", "0.0/0.0"), weights);
    }

    private static ObjectNode strip(ObjectNode o) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equals("_comment") || k.equals("lambda_green") || k.equals("lambda_tb") || k.equals("output_dir")) it.remove();
        }
        return o;
    }
}
