package org.diffumatting.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressTextTest {
    @Test
    void elapsedRateAndEta() {
        assertEquals("10.0 s, 5.00/s, ETA 10s", ProgressText.of(50, 100, 10.0));
        assertEquals("120.0 s, 0.50/s, ETA 1h03m20s", ProgressText.of(60, 1960, 120.0));
        assertEquals("0.0 s, 0.00/s, ETA ?", ProgressText.of(0, 10, 0.0));
    }
}
