package org.diffumatting.matting.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.diffumatting.common.DmException;

/**
 * File-or-directory inputs for batch commands. A directory stands for its PNG/JPEG files (by extension
 * .png, .jpg, .jpeg in any case; not recursive; sorted by name). Files of different folders are matched by
 * stem (the name without its last extension): {@code alpha/cat.png} goes with {@code image/cat.jpg}.
 * Every problem is a one-line {@link DmException} naming the path.
 */
public final class BatchFiles {
    private BatchFiles() {}

    /** True when the name ends .png, .jpg or .jpeg (any case). */
    public static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    /** The file name without its last extension ({@code a.b.png -> a.b}). */
    public static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** The image files of a directory, sorted by name; an error when there are none. */
    public static List<Path> listImages(Path dir) {
        if (!Files.isDirectory(dir)) throw new DmException(dir + ": no such directory");
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> Files.isRegularFile(p) && isImageName(p) && !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .forEach(out::add);
        } catch (IOException e) {
            throw new DmException(dir + ": cannot list directory (" + e.getMessage() + ")", e);
        }
        if (out.isEmpty()) throw new DmException(dir + ": no PNG or JPEG images in this directory");
        return out;
    }

    /** Expands files and directories into image files (directories as {@link #listImages}); missing paths are errors. */
    public static List<Path> expand(List<Path> inputs) {
        if (inputs == null || inputs.isEmpty()) throw new DmException("no input images given");
        List<Path> out = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) out.addAll(listImages(p));
            else if (Files.isRegularFile(p)) out.add(p);
            else throw new DmException(p + ": no such file or directory");
        }
        requireUniqueStems(out);
        return out;
    }

    /** Outputs are named by stem, so two inputs with the same stem would overwrite each other: refuse. */
    public static void requireUniqueStems(List<Path> files) {
        Map<String, Path> seen = new HashMap<>();
        for (Path p : files) {
            Path prev = seen.putIfAbsent(stem(p), p);
            if (prev != null && !prev.equals(p))
                throw new DmException(prev + " and " + p + " have the same stem '" + stem(p) + "' (outputs would collide)");
        }
    }

    /** The image in {@code dir} whose stem is {@code stem}; {@code what} names the role in errors ("alpha"). */
    public static Path findByStem(Path dir, String stem, String what, Path forInput) {
        List<Path> hits = new ArrayList<>();
        for (String ext : new String[] {".png", ".PNG", ".jpg", ".JPG", ".jpeg", ".JPEG"}) {
            Path c = dir.resolve(stem + ext);
            if (Files.isRegularFile(c)) hits.add(c);
        }
        if (hits.isEmpty())
            throw new DmException("no " + what + " for " + forInput + ": expected " + dir.resolve(stem + ".png"));
        if (hits.size() > 1)
            throw new DmException("several " + what + " files for " + forInput + ": " + hits.get(0) + " and " + hits.get(1));
        return hits.get(0);
    }

    /** Checks that two images have the same width and height from their headers; the error names both files. */
    public static void requireSameSize(Path a, Path b) {
        int[] sa = ImageFiles.readSize(a);
        int[] sb = ImageFiles.readSize(b);
        if (sa[0] != sb[0] || sa[1] != sb[1])
            throw new DmException("size mismatch: " + a + " is " + sa[0] + "x" + sa[1] + " but " + b + " is "
                    + sb[0] + "x" + sb[1]);
    }
}
