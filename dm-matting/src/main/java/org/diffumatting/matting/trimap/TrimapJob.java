package org.diffumatting.matting.trimap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.io.BatchFiles;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.matting.io.OutputSet;

/**
 * The {@code dm trimap} job: alpha file -> trimap file, or alpha directory -> trimap directory with one
 * {@code STEM.png} per alpha image. A failure on any input removes the outputs already written by the job.
 */
public final class TrimapJob {
    private TrimapJob() {}

    /**
     * @param alpha   an alpha image, or a directory of them
     * @param out     the trimap PNG (file input; an existing directory receives {@code STEM.png}), or the output
     *                directory (directory input; created when missing)
     * @param options band, kernel, mode
     */
    public record Request(Path alpha, Path out, TrimapGenerator.Options options) {}

    /** Runs the job and returns the files written, in input order. */
    public static List<Path> run(Request r) {
        List<Path[]> pairs = new ArrayList<>(); // {input, output}
        if (Files.isDirectory(r.alpha())) {
            if (Files.exists(r.out()) && !Files.isDirectory(r.out()))
                throw new DmException(r.out() + ": must be a directory when --alpha is a directory (" + r.alpha() + ")");
            List<Path> inputs = BatchFiles.expand(List.of(r.alpha()));
            for (Path in : inputs) pairs.add(new Path[] {in, r.out().resolve(BatchFiles.stem(in) + ".png")});
        } else {
            if (!Files.isRegularFile(r.alpha())) throw new DmException(r.alpha() + ": no such file or directory");
            Path out = Files.isDirectory(r.out()) ? r.out().resolve(BatchFiles.stem(r.alpha()) + ".png") : r.out();
            pairs.add(new Path[] {r.alpha(), out});
        }
        for (Path[] pair : pairs) {
            if (pair[0].toAbsolutePath().normalize().equals(pair[1].toAbsolutePath().normalize()))
                throw new DmException(pair[1] + ": output would overwrite its input alpha");
            if (ImageFiles.isJpegName(pair[1])) throw new DmException(pair[1] + ": trimaps are written as PNG; use a .png name");
        }
        OutputSet written = new OutputSet();
        try {
            for (Path[] pair : pairs) {
                AlphaMap alpha = ImageFiles.readAlpha(pair[0]);
                TrimapGenerator.generate(alpha, r.options()).write(pair[1]);
                written.add(pair[1]);
            }
        } catch (RuntimeException e) {
            written.rollback();
            throw e;
        }
        return written.files();
    }
}
