package org.diffumatting.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.diffumatting.common.DmException;
import org.diffumatting.train.data.GreenDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults, path resolution, and one-line errors naming the key or file. */
class TrainConfigTest {
    @TempDir
    Path tmp;

    private Path write(String json) throws Exception {
        Path f = tmp.resolve("cfg.json");
        Files.writeString(f, json);
        return f;
    }

    private String error(String json) throws Exception {
        Path f = write(json);
        DmException e = assertThrows(DmException.class, () -> TrainConfig.read(f));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void defaultsAndRelativePaths() throws Exception {
        TrainConfig c = TrainConfig.read(write("{\"data_dir\":\"data\",\"output_dir\":\"/abs/out\",\"_comment\":\"x\"}"));
        assertEquals(tmp.resolve("data"), c.dataDir());
        assertEquals(Path.of("/abs/out"), c.outputDir());
        assertEquals(128, c.resolution());
        assertEquals(0.1, c.captionDropout());
        assertEquals("epsilon", c.predictionType().key());
        assertFalse(c.bf16());
        assertEquals(7, c.withMaxSteps(7).maxSteps());
        assertEquals(null, c.sources());
        TrainConfig s = TrainConfig.read(write("{\"data_dir\":\"d\",\"output_dir\":\"o\",\"sources\":[\"noto\",\"fluent\"]}"));
        assertEquals(java.util.List.of("noto", "fluent"), s.sources());
        assertEquals(s.sources(), s.withMaxSteps(3).sources());
        assertEquals(null, c.excludeCaptions());
        assertTrue(c.sampleFilter().keepsCaption("a man, dark skin tone"));
        TrainConfig x = TrainConfig.read(write("{\"data_dir\":\"d\",\"output_dir\":\"o\",\"exclude_captions\":[\"skin tone\",\"^flag\"]}"));
        assertEquals(java.util.List.of("skin tone", "^flag"), x.withMaxSteps(3).excludeCaptions());
        assertFalse(x.sampleFilter().keepsCaption("a man, Dark Skin Tone"));
        assertFalse(x.sampleFilter().keepsCaption("Flag: Norway"));
        assertTrue(x.sampleFilter().keepsCaption("a norway flag"));
    }

    @Test
    void unknownKeyIsNamed() throws Exception {
        String m = error("{\"data_dir\":\"d\",\"output_dir\":\"o\",\"learnin_rate\":0.1}");
        assertTrue(m.contains("unknown key 'learnin_rate'") && m.contains("cfg.json"), m);
    }

    @Test
    void badValuesAreNamed() throws Exception {
        assertTrue(error("{\"data_dir\":\"d\",\"output_dir\":\"o\",\"batch_size\":0}").contains("'batch_size'"));
        assertTrue(error("{\"data_dir\":\"d\",\"output_dir\":\"o\",\"learning_rate\":\"fast\"}").contains("'learning_rate' must be a number"));
        assertTrue(error("{\"data_dir\":\"d\",\"output_dir\":\"o\",\"mixed_precision\":\"fp8\"}").contains("'mixed_precision'"));
        assertTrue(error("{\"data_dir\":\"d\",\"output_dir\":\"o\",\"prediction_type\":\"x\"}").contains("'prediction_type'"));
        assertTrue(error("{\"output_dir\":\"o\"}").contains("'data_dir' is required"));
        assertTrue(error("{\"data_dir\":\"d\",\"output_dir\":\"o\",\"vae_config\":\"nope.json\"}").contains("nope.json"));
        assertTrue(error("{\"data_dir\":\"d\",").contains("invalid JSON"));
        assertTrue(error("{\"data_dir\":\"d\",\"output_dir\":\"o\",\"resolution\":64,\"crop_size\":96}")
                .contains("'crop_size' 96 exceeds 'resolution' 64"));
        assertTrue(error("{\"data_dir\":\"d\",\"output_dir\":\"o\",\"sources\":\"noto\"}")
                .contains("'sources' must be a non-empty list of strings"));
        assertTrue(error("{\"data_dir\":\"d\",\"output_dir\":\"o\",\"sources\":[]}").contains("'sources'"));
        assertTrue(error("{\"data_dir\":\"d\",\"output_dir\":\"o\",\"sources\":[\"a\",\"a\"]}")
                .contains("'sources' must be a list without repeats, got 'a' twice"));
        assertTrue(error("{\"data_dir\":\"d\",\"output_dir\":\"o\",\"exclude_captions\":[\"skin (tone\"]}")
                .matches(".*cfg\\.json: key 'exclude_captions': 'skin \\(tone' is not a regular expression: Unclosed group"));
        assertTrue(error("{\"data_dir\":\"d\",\"output_dir\":\"o\",\"exclude_captions\":\"skin\"}")
                .contains("'exclude_captions' must be a non-empty list of strings"));
        DmException missing = assertThrows(DmException.class, () -> TrainConfig.read(tmp.resolve("absent.json")));
        assertTrue(missing.getMessage().contains("absent.json"));
    }

    @Test
    void missingDataDirAndStageKeysAreNamed() throws Exception {
        TrainConfig c = TrainConfig.read(write("{\"data_dir\":\"no-such-data\",\"output_dir\":\"o\"}"));
        DmException e = assertThrows(DmException.class, () -> GreenDataset.open(c.dataDir(), c.split(), c.resolution()));
        assertTrue(e.getMessage().contains("no-such-data"), e.getMessage());
        DmException k = assertThrows(DmException.class, () -> c.require(c.vaePath(), "vae_path", "head"));
        assertTrue(k.getMessage().contains("'vae_path'") && k.getMessage().contains("head"), k.getMessage());
    }
}
