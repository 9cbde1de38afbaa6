package org.diffumatting.matting.key;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.io.BatchFiles;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.matting.io.OutputSet;

/**
 * The {@code dm key} job: for every input image (files, or directories of PNG/JPEG) writes
 * {@code OUT/STEM-alpha.png} (8-bit gray) and {@code OUT/STEM.png} (8-bit RGBA: spill-suppressed foreground
 * colour + the keyed alpha). A failure on any input removes what the job already wrote.
 */
public final class KeyJob {
    private KeyJob() {}

    public record Request(List<Path> inputs, Path outDir, DifferenceKeyer.Options options) {}

    /** Runs the job; returns the files written. */
    public static List<Path> run(Request r) {
        DifferenceKeyer.dominantChannel(r.options()); // a bad key colour fails before anything is read
        if (Files.exists(r.outDir()) && !Files.isDirectory(r.outDir()))
            throw new DmException(r.outDir() + ": --out must be a directory");
        List<Path> inputs = BatchFiles.expand(r.inputs());
        List<Path> targets = new ArrayList<>();
        for (Path in : inputs) {
            String stem = BatchFiles.stem(in);
            for (Path t : new Path[] {r.outDir().resolve(stem + "-alpha.png"), r.outDir().resolve(stem + ".png")}) {
                for (Path other : inputs)
                    if (other.toAbsolutePath().normalize().equals(t.toAbsolutePath().normalize()))
                        throw new DmException(t + ": output would overwrite an input image; choose another --out");
                targets.add(t);
            }
        }
        OutputSet written = new OutputSet();
        try {
            for (int i = 0; i < inputs.size(); i++) {
                DifferenceKeyer.Result res = DifferenceKeyer.key(ImageFiles.readRgb(inputs.get(i)), r.options());
                ImageFiles.writeAlpha(targets.get(2 * i), res.alpha());
                written.add(targets.get(2 * i));
                ImageFiles.writeRgba(targets.get(2 * i + 1), res.foreground(), res.alpha());
                written.add(targets.get(2 * i + 1));
            }
        } catch (RuntimeException e) {
            written.rollback();
            throw e;
        }
        return written.files();
    }
}
