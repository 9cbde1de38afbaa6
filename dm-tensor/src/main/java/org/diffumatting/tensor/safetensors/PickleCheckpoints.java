package org.diffumatting.tensor.safetensors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.diffumatting.common.DmException;

/**
 * Refuses PyTorch pickle checkpoints. Unpickling can run arbitrary code, so this project only reads
 * safetensors; the error tells the user how to convert (docs/NOTES-tensor.md has the recipe).
 *
 * <p>Recognised by extension ({@code .ckpt .bin .pt .pth}) or by content: a raw pickle stream (byte
 * {@code 0x80} PROTO followed by protocol 2..5) or a zip archive ({@code PK\3\4}, the container that
 * {@code torch.save} has used since PyTorch 1.6), unless byte 8 is the {@code '{'} of a safetensors header.
 */
public final class PickleCheckpoints {
    private static final String[] EXTENSIONS = {".ckpt", ".bin", ".pt", ".pth"};

    private PickleCheckpoints() {}

    /** Throws when {@code p} is a pickle checkpoint; returns normally otherwise (also for a missing file). */
    public static void refuse(Path p) {
        if (isPickleCheckpoint(p)) {
            throw new DmException(p + " is a pickle checkpoint; convert it to safetensors (pickle can run arbitrary code "
                    + "and is never loaded here; see docs/NOTES-tensor.md, e.g. safetensors.torch.save_file(torch.load(f, "
                    + "weights_only=True), 'model.safetensors'))");
        }
    }

    /** True for a checkpoint file name or a file whose first bytes are a pickle or zip header. */
    public static boolean isPickleCheckpoint(Path p) {
        Path fileName = p.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        for (String ext : EXTENSIONS) {
            if (name.endsWith(ext)) return true;
        }
        if (!Files.isRegularFile(p)) return false;
        byte[] head = new byte[9];
        int n;
        try (InputStream in = Files.newInputStream(p)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return false; // unreadable: the caller reports that itself
        }
        // A safetensors file starts with an 8-byte length whose low bytes may look like these magics, but its
        // byte 8 is the '{' opening the JSON header: never call that a pickle.
        if (n == head.length && head[8] == '{') return false;
        boolean pickle = n >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5;
        boolean zip = n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        return pickle || zip;
    }
}
