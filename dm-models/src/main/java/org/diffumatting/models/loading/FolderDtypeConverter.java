package org.diffumatting.models.loading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.AtomicFiles;
import org.diffumatting.common.DmException;
import org.diffumatting.tensor.DType;
import org.diffumatting.tensor.safetensors.SafetensorsFile;
import org.diffumatting.tensor.safetensors.SafetensorsWriter;

/**
 * Copies a model folder (diffusers pipeline folder, component folder, or any tree of files) and stores the
 * floating-point tensors of every {@code *.safetensors} file in another dtype, under the same file names
 * (what {@code pipe.to(torch.float16).save_pretrained(dst)} gives in diffusers; integer tensors and the
 * {@code __metadata__} block are kept). Loading converts back to the model's dtype ({@link StrictLoader}),
 * so a float16 folder loads into a float32 model unchanged but for rounding (relative error at most 2^-11).
 *
 * <p>The copy is written to {@code DST.partial} and renamed to {@code DST} at the end: an interrupted run
 * leaves no half-written folder under the destination name.
 */
public final class FolderDtypeConverter {
    /** What was converted: safetensors files rewritten, tensors converted, bytes before and after. */
    public record Result(int files, long tensorsConverted, long bytesBefore, long bytesAfter) {}

    private FolderDtypeConverter() {}

    /**
     * @param src    existing folder
     * @param dst    destination; must not exist yet
     * @param target floating dtype to store (F32, F16 or BF16)
     */
    public static Result convert(Path src, Path dst, DType target) {
        if (!target.isFloatingPoint()) throw new DmException("--dtype " + target + ": not a floating-point dtype");
        if (!Files.isDirectory(src)) throw new DmException(src + ": model folder not found");
        if (Files.exists(dst)) throw new DmException(dst + ": already exists (choose a new destination)");
        Path partial = dst.resolveSibling(dst.getFileName() + ".partial");
        int files = 0;
        long converted = 0;
        long before = 0;
        long after = 0;
        try {
            AtomicFiles.deleteTree(partial);
            List<Path> all;
            try (Stream<Path> s = Files.walk(src)) {
                all = new ArrayList<>(s.sorted().toList());
            }
            for (Path p : all) {
                Path out = partial.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(out);
                } else if (p.getFileName().toString().endsWith(".safetensors")) {
                    before += Files.size(p);
                    converted += rewrite(p, out, target);
                    after += Files.size(out);
                    files++;
                } else {
                    Files.copy(p, out, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            Files.move(partial, dst, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot convert " + src + " to " + dst + ": " + e.getMessage(), e);
        }
        return new Result(files, converted, before, after);
    }

    /** Rewrites one safetensors file; returns how many tensors changed dtype. */
    private static long rewrite(Path in, Path out, DType target) {
        long converted = 0;
        try (SafetensorsFile f = SafetensorsFile.open(in)) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (String name : f.names()) {
                DType stored = f.infos().get(name).dtype();
                boolean change = stored.isFloatingPoint() && stored != target;
                tensors.put(name, change ? f.load(name, target) : f.load(name));
                if (change) converted++;
            }
            SafetensorsWriter.writeSorted(out, tensors, f.metadata().isEmpty() ? null : f.metadata());
        }
        return converted;
    }
}
