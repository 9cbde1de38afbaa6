package org.diffumatting.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.diffumatting.common.DmException;
import org.junit.jupiter.api.Test;

/** The automatic batch size (--batch-size 0) and its validation; no model needed. */
class GenerateRequestTest {
    static GenerateRequest images(int n, int batchSize) {
        return GenerateRequest.of(Path.of("unused"), List.of("a cup")).withImagesPerPrompt(n).withBatchSize(batchSize);
    }

    @Test
    void automaticBatchHoldsEightImagesOf16x16LatentsAndFewerAtLargerSizes() {
        assertEquals(8, images(20, 0).batchSizeFor(16, 16)); // 128x128 at f = 8
        assertEquals(8, images(20, 0).batchSizeFor(8, 8));    // capped at 8
        assertEquals(2, images(20, 0).batchSizeFor(32, 32)); // 256x256
        assertEquals(1, images(20, 0).batchSizeFor(64, 64)); // 512x512
        assertEquals(1, images(20, 0).batchSizeFor(96, 64)); // never 0
        assertEquals(4, images(20, 0).batchSizeFor(16, 32)); // 128x256
    }

    @Test
    void automaticBatchNeverExceedsTheImageCountAndAnExplicitSizeWins() {
        assertEquals(3, images(3, 0).batchSizeFor(16, 16));
        assertEquals(5, images(20, 5).batchSizeFor(64, 64));
        assertEquals(2, images(2, 5).batchSizeFor(16, 16));
    }

    @Test
    void negativeBatchSizeIsAOneLineError() {
        DmException e = assertThrows(DmException.class, () -> images(2, -1).validate());
        assertTrue(e.getMessage().contains("--batch-size") && e.getMessage().contains("-1"), e.getMessage());
        images(2, 0).validate();
    }
}
