package org.diffumatting.evaluation;

import java.util.Locale;
import org.diffumatting.train.log.TrainLog;

/** The tail of an evaluation progress line: elapsed time, rate and ETA ("12.3 s, 4.1/s, ETA 1m42s"). */
final class ProgressText {
    private ProgressText() {}

    static String of(int done, int total, double seconds) {
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 ? TrainLog.eta((total - done) / rate) : "?";
        return String.format(Locale.ROOT, "%.1f s, %.2f/s, ETA %s", seconds, rate, eta);
    }
}
