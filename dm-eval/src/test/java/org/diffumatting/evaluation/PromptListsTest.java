package org.diffumatting.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.diffumatting.train.data.GreenDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptListsTest {
    @TempDir
    Path tmp;

    @Test
    void unseenListHasOneHundredDistinctPrompts() {
        List<String> u = PromptLists.unseen();
        assertEquals(100, u.size());
        assertEquals(100, new HashSet<>(u).size());
        for (String p : u) assertTrue(!p.isBlank() && p.equals(p.strip()), p);
    }

    @Test
    void seenPromptsAreEvenlySpreadSortedDistinctCaptions() throws Exception {
        StringBuilder m = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            // 20 distinct captions, each twice; 4 test lines that must not count
            m.append(String.format("{\"id\":\"s%02d\",\"caption\":\"cap %02d\",\"split\":\"%s\"}%n", i, i % 20, i < 36 ? "train" : "test"));
        }
        m.append("{\"id\":\"t\",\"caption\":\"only in test\",\"split\":\"test\"}\n");
        Files.writeString(tmp.resolve("manifest.jsonl"), m.toString());
        GreenDataset train = GreenDataset.open(tmp, "train", 0);
        assertEquals(20, PromptLists.distinctCaptions(train).size());
        assertEquals(List.of("cap 00", "cap 05", "cap 10", "cap 15"), PromptLists.seen(train, 4));
        assertEquals(PromptLists.seen(train, 7), PromptLists.seen(train, 7));
        assertEquals(20, PromptLists.seen(train, 100).size(), "fewer captions than asked: all of them");
    }

    @Test
    void unseenPromptsSharingACaptionWordAreReported() {
        List<String> hits = PromptLists.unseenWordsInCaptions(List.of("a stapler", "a whisk", "a pair of pliers"),
                List.of("red staplers on a desk", "a pair of shoes"));
        assertEquals(List.of("a stapler"), hits);
    }
}
