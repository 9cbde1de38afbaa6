package org.diffumatting.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.matting.io.RgbaImage;
import org.diffumatting.tensor.Devices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by a generation job, their manifests, and input validation (one-line errors, no output). */
class GenerateJobTest {
    @TempDir
    static Path tmp;
    static Path folder;
    static Path noHead;

    @BeforeAll
    static void models() {
        Devices.setThreads(1);
        folder = TinyModel.write(tmp.resolve("tiny"));
        noHead = TinyModel.writeWithoutHead(tmp.resolve("tiny-nohead"));
    }

    static GenerateRequest request(Path model, List<String> prompts) {
        return GenerateRequest.of(model, prompts).withSteps(2).withScheduler("ddim").withSeed(7);
    }

    @Test
    void writesFourFilesPerImageWithManifest() throws Exception {
        Path out = tmp.resolve("out");
        GenerateJob.Summary s = GenerateJob.run(request(folder, List.of("A Red Apple!", "café chair")).withImagesPerPrompt(2).withBatchSize(3),
                out, GenerationListener.NONE);
        assertEquals(16, s.files().size());
        assertEquals(GeneratedImage.MATTING_HEAD, s.alphaSource());
        for (String name : List.of("a-red-apple-0000-s7", "a-red-apple-0001-s8", "cafe-chair-0002-s9", "cafe-chair-0003-s10")) {
            RgbaImage rgba = ImageFiles.readRgba(out.resolve(name + ".png"));
            assertEquals(16, rgba.width());
            assertEquals(16, rgba.height());
            assertEquals(16, ImageFiles.readSize(out.resolve(name + "-green.png"))[0]);
            assertEquals(16, ImageFiles.readAlpha(out.resolve(name + "-alpha.png")).width());
            assertTrue(Files.isRegularFile(out.resolve(name + ".json")), name + ".json");
        }
        JsonNode j = new ObjectMapper().readTree(out.resolve("cafe-chair-0003-s10.json").toFile());
        assertEquals("café chair", j.get("prompt").asText());
        assertEquals("", j.get("negative_prompt").asText());
        assertEquals(10, j.get("seed").asLong());
        assertEquals(3, j.get("index").asInt());
        assertEquals("ddim (DDIMScheduler)", j.get("scheduler").asText());
        assertEquals(2, j.get("steps").asInt());
        assertEquals(5.0, j.get("guidance_scale").asDouble());
        assertEquals(16, j.get("width").asInt());
        assertEquals(16, j.get("height").asInt());
        assertEquals("matting_head", j.get("alpha_source").asText());
        assertEquals(ModelHash.of(folder), j.get("model_hash").asText());
        assertEquals(64, j.get("model_hash").asText().length());
        assertTrue(j.has("code_version") && j.has("created") && j.has("model"), j.toString());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(16, files.count(), "no temporary or extra files");
        }
    }

    @Test
    void folderWithoutMattingHeadUsesChromaKeyAndSaysSo() throws Exception {
        Path out = tmp.resolve("out-nohead");
        GenerateJob.Summary s = GenerateJob.run(request(noHead, List.of("a cup")), out, GenerationListener.NONE);
        assertEquals(GeneratedImage.CHROMA_KEY, s.alphaSource());
        JsonNode j = new ObjectMapper().readTree(out.resolve("a-cup-0000-s7.json").toFile());
        assertEquals("chroma_key", j.get("alpha_source").asText());
    }

    @Test
    void badSizeIsAOneLineErrorAndWritesNothing() {
        Path out = tmp.resolve("bad-size");
        DmException e = assertThrows(DmException.class,
                () -> GenerateJob.run(request(folder, List.of("a cup")).withSize(20, 16), out, GenerationListener.NONE));
        assertTrue(e.getMessage().contains("20x16") && e.getMessage().contains("multiples of 8"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(out));
    }

    @Test
    void emptyPromptListAndBlankPromptAreErrors() {
        Path out = tmp.resolve("no-prompt");
        DmException e = assertThrows(DmException.class, () -> GenerateJob.run(request(folder, List.of()), out, GenerationListener.NONE));
        assertTrue(e.getMessage().contains("no prompt"), e.getMessage());
        DmException blank = assertThrows(DmException.class, () -> GenerateJob.run(request(folder, List.of("ok", " ")), out, GenerationListener.NONE));
        assertTrue(blank.getMessage().contains("prompt 2 is empty"), blank.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void missingModelFilesAreNamed() throws Exception {
        Path broken = TinyModel.write(tmp.resolve("broken"));
        Path weights = broken.resolve("vae").resolve("diffusion_pytorch_model.safetensors");
        Files.delete(weights);
        Files.delete(broken.resolve("scheduler").resolve("scheduler_config.json"));
        Path out = tmp.resolve("broken-out");
        DmException e = assertThrows(DmException.class, () -> GenerateJob.run(request(broken, List.of("a cup")), out, GenerationListener.NONE));
        assertTrue(e.getMessage().contains(weights.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("scheduler_config.json"), e.getMessage());
        assertFalse(Files.exists(out));
        DmException none = assertThrows(DmException.class,
                () -> GenerateJob.run(request(tmp.resolve("nowhere"), List.of("a cup")), out, GenerationListener.NONE));
        assertTrue(none.getMessage().contains("nowhere"), none.getMessage());
    }

    @Test
    void unknownSchedulerIsAnErrorBeforeAnythingIsWritten() {
        Path out = tmp.resolve("bad-sched");
        DmException e = assertThrows(DmException.class,
                () -> GenerateJob.run(request(folder, List.of("a cup")).withScheduler("plms-fast"), out, GenerationListener.NONE));
        assertTrue(e.getMessage().contains("plms-fast"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void defaultModelMissingSaysHowToGetIt() {
        String old = System.getProperty(PipelineModel.HOME_PROPERTY);
        System.setProperty(PipelineModel.HOME_PROPERTY, tmp.resolve("empty-home").toString());
        try {
            DmException e = assertThrows(DmException.class, () -> PipelineModel.resolve(null));
            assertTrue(e.getMessage().contains("default model is missing") && e.getMessage().contains("--model"), e.getMessage());
        } finally {
            if (old == null) System.clearProperty(PipelineModel.HOME_PROPERTY);
            else System.setProperty(PipelineModel.HOME_PROPERTY, old);
        }
    }

    @Test
    void slugs() {
        assertEquals("a-red-apple", GenerationWriter.slug("  A red, apple!! "));
        assertEquals("cafe-creme", GenerationWriter.slug("Café crème"));
        assertEquals("image", GenerationWriter.slug("日本"));
        assertTrue(GenerationWriter.slug("x".repeat(200)).length() <= GenerationWriter.MAX_SLUG);
        assertEquals("a-0012-s99", GenerationWriter.name("a", 12, 99));
    }
}
