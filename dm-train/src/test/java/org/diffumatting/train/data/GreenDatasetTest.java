package org.diffumatting.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.diffumatting.common.DmException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifest reading: split, source and caption selection (keys 'sources', 'exclude_captions'), one-line errors naming the manifest and key. */
class GreenDatasetTest {
    @TempDir
    Path tmp;

    /** A manifest only (images are read per batch, so open() needs none). */
    private Path manifest() throws Exception {
        Files.writeString(tmp.resolve("manifest.jsonl"), String.join("\n",
                "{\"id\":\"t-apple\",\"caption\":\"a red apple\",\"split\":\"train\",\"source\":\"twemoji\"}",
                "{\"id\":\"o-cat\",\"caption\":\"a cat\",\"split\":\"train\",\"source\":\"openclipart\"}",
                "{\"id\":\"n-pear\",\"caption\":\"a pear\",\"split\":\"train\",\"source\":\"noto\"}",
                "{\"id\":\"n-man-1\",\"caption\":\"a man, Light Skin Tone\",\"split\":\"train\",\"source\":\"noto\"}",
                "{\"id\":\"n-fig\",\"caption\":\"a fig\",\"split\":\"test\",\"source\":\"noto\"}",
                ""));
        return tmp;
    }

    private static List<String> ids(GreenDataset d) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) out.add(d.sample(i).id());
        return out;
    }

    @Test
    void selectsSplitAndSourcesInManifestOrder() throws Exception {
        Path dir = manifest();
        assertEquals(List.of("t-apple", "o-cat", "n-pear", "n-man-1"), ids(GreenDataset.open(dir, "train", 128)));
        assertEquals(List.of("t-apple", "n-pear", "n-man-1"), ids(GreenDataset.open(dir, "train", 128, sources("noto", "twemoji"))));
        assertEquals(List.of("n-fig"), ids(GreenDataset.open(dir, "test", 128, sources("noto"))));
    }

    @Test
    void spreadPicksEvenlySpacedSamplesAndAtMostAll() throws Exception {
        GreenDataset d = GreenDataset.open(manifest(), "train", 128);
        assertEquals(List.of("t-apple", "n-pear"), d.spread(2).stream().map(GreenDataset.Sample::id).toList());
        assertEquals(List.of("t-apple", "o-cat", "n-pear"), d.spread(3).stream().map(GreenDataset.Sample::id).toList());
        assertEquals(ids(d), d.spread(10).stream().map(GreenDataset.Sample::id).toList());
    }

    private static SampleFilter sources(String... s) {
        return SampleFilter.of(List.of(s), null);
    }

    @Test
    void captionPatternsLeaveSamplesOutAndAreCounted() throws Exception {
        Path dir = manifest();
        GreenDataset d = GreenDataset.open(dir, "train", 128, SampleFilter.of(null, List.of("SKIN TONE", "^a p")));
        assertEquals(List.of("t-apple", "o-cat"), ids(d));
        assertEquals(2, d.captionExcluded());
        assertEquals(0, GreenDataset.open(dir, "train", 128).captionExcluded());
        DmException e = assertThrows(DmException.class,
                () -> GreenDataset.open(dir, "train", 128, SampleFilter.of(List.of("noto"), List.of("skin tone", "pear"))));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.contains("manifest.jsonl") && m.contains("key 'exclude_captions' leaves none of the 2 samples of split 'train'"), m);
    }

    @Test
    void aSourceWithoutSamplesIsNamed() throws Exception {
        Path dir = manifest();
        DmException e = assertThrows(DmException.class, () -> GreenDataset.open(dir, "test", 128, sources("noto", "fluent")));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.contains("manifest.jsonl") && m.contains("source 'fluent'") && m.contains("split 'test'")
                && m.contains("key 'sources'") && m.contains("the split has noto"), m);
    }
}
