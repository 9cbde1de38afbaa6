package org.diffumatting.data.build;

import java.io.PrintStream;
import org.diffumatting.common.ProgressText;

/** A one-line progress bar on stderr: count, rate and ETA, redrawn at most twice a second. */
public final class ProgressBar {
    private final PrintStream out;
    private final String label;
    private final long total;
    private final long start = System.nanoTime();
    private long done;
    private long lastDraw;

    public ProgressBar(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    public synchronized void step() {
        done++;
        long now = System.nanoTime();
        if (out != null && (now - lastDraw > 500_000_000L || done == total)) {
            lastDraw = now;
            draw(now);
        }
    }

    private void draw(long now) {
        double sec = Math.max(1e-9, (now - start) / 1e9);
        int width = 28, fill = total == 0 ? width : (int) (width * done / total);
        out.printf("\r%s [%s%s] %d/%d %.1f/s ETA %s ", label, "#".repeat(fill), " ".repeat(width - fill), done, total, done / sec,
                ProgressText.eta(done, total, sec));
        out.flush();
    }

    public synchronized void finish() {
        if (out != null) {
            draw(System.nanoTime());
            out.println();
        }
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }
}
