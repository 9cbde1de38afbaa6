package org.diffumatting.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressTextTest {
    @Test
    void durations() {
        assertEquals("12s", ProgressText.duration(12.4));
        assertEquals("4m05s", ProgressText.duration(245));
        assertEquals("1h02m03s", ProgressText.duration(3723));
        assertEquals("0s", ProgressText.duration(-3));
    }

    @Test
    void elapsedRateAndEta() {
        assertEquals("10.0 s, 5.00/s, ETA 10s", ProgressText.elapsedRateEta(50, 100, 10.0));
        assertEquals("120.0 s, 0.50/s, ETA 1h03m20s", ProgressText.elapsedRateEta(60, 1960, 120.0));
        assertEquals("0.0 s, 0.00/s, ETA ?", ProgressText.elapsedRateEta(0, 10, 0.0));
    }
}
