package org.diffumatting.common;

import java.util.Locale;

/** The pieces of every long-running command's progress line: durations, rate and ETA, in one format. */
public final class ProgressText {
    private ProgressText() {}

    /** A duration for people: 1h02m03s / 4m05s / 12s (rounded to the second, never negative). */
    public static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        if (s >= 3600) return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60);
        if (s >= 60) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return s + "s";
    }

    /** The time left at the mean rate so far: a {@link #duration}, or "?" before anything is done. */
    public static String eta(long done, long total, double seconds) {
        double rate = seconds > 0 ? done / seconds : 0;
        return rate > 0 ? duration((total - done) / rate) : "?";
    }

    /** Elapsed time, rate and ETA: "12.3 s, 4.10/s, ETA 1m42s". */
    public static String elapsedRateEta(long done, long total, double seconds) {
        double rate = seconds > 0 ? done / seconds : 0;
        return String.format(Locale.ROOT, "%.1f s, %.2f/s, ETA %s", seconds, rate, eta(done, total, seconds));
    }
}
