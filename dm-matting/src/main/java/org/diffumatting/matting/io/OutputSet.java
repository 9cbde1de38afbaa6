package org.diffumatting.matting.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a batch job has written so far. Every single file is written atomically ({@link ImageFiles},
 * {@link org.diffumatting.common.AtomicFiles}); when a later input fails, {@link #rollback()} deletes what this
 * job wrote, so a failed batch leaves no partial set of outputs behind.
 */
public final class OutputSet {
    private final List<Path> written = new ArrayList<>();

    /** Records a file this job has just written. */
    public Path add(Path p) {
        written.add(p);
        return p;
    }

    public List<Path> files() {
        return List.copyOf(written);
    }

    /** Deletes every recorded file (best effort); returns how many were removed. */
    public int rollback() {
        int n = 0;
        for (int i = written.size() - 1; i >= 0; i--) {
            try {
                if (Files.deleteIfExists(written.get(i))) n++;
            } catch (IOException ignored) {
                // best effort: the error that caused the rollback is what the user must see
            }
        }
        written.clear();
        return n;
    }
}
