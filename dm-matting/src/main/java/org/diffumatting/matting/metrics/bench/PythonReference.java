package org.diffumatting.matting.metrics.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.diffumatting.common.DmException;

/**
 * Runs the numpy/scipy reference {@code tools/reference/matting_metrics.py} as a subprocess
 * ({@code python3 SCRIPT bench --pred P.npy --gt G.npy --trimap T.npy --repeats N}) and parses its JSON.
 */
public final class PythonReference {
    private PythonReference() {}

    /** Path of the script inside the repository. */
    public static final String SCRIPT = "tools/reference/matting_metrics.py";

    /**
     * The script: {@code explicit} if given (must exist), else SCRIPT under the working directory or one of its
     * parents, else under a parent of the directory this class was loaded from (the repository checkout).
     */
    public static Path locate(Path explicit) {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) throw new DmException("reference script not found: " + explicit);
            return explicit;
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            var src = PythonReference.class.getProtectionDomain().getCodeSource();
            if (src != null) starts.add(Path.of(src.getLocation().toURI()).toAbsolutePath());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException ignored) {
            // fall back to the working directory only
        }
        for (Path start : starts) {
            for (Path d = start; d != null; d = d.getParent()) {
                Path s = d.resolve(SCRIPT);
                if (Files.isRegularFile(s)) return s;
            }
        }
        throw new DmException("cannot find " + SCRIPT + " above " + starts.get(0)
                + "; run from the repository or pass --reference PATH");
    }

    /** Runs the bench mode and returns its JSON ({"rows": [{"metric", "convention", "ms", "value"}], ...}). */
    public static JsonNode bench(Path script, Path pred, Path gt, Path trimap, int repeats) {
        List<String> cmd = List.of("python3", script.toString(), "bench", "--pred", pred.toString(), "--gt",
                gt.toString(), "--trimap", trimap.toString(), "--repeats", Integer.toString(repeats));
        Process proc;
        try {
            proc = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new DmException("cannot run python3 for the numpy/scipy reference (is python3 on PATH?): "
                    + e.getMessage(), e);
        }
        try {
            proc.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(proc.getErrorStream()));
            String out = readAll(proc.getInputStream());
            int code = proc.waitFor();
            String stderr = err.join();
            if (code != 0) {
                if (stderr.contains("No module named"))
                    throw new DmException("the numpy/scipy reference needs numpy and scipy for python3 ("
                            + lastLine(stderr) + "); install them, e.g. pip install numpy scipy");
                throw new DmException("reference " + script + " failed (exit " + code + "): " + lastLine(stderr));
            }
            return new ObjectMapper().readTree(out);
        } catch (IOException e) {
            throw new DmException("cannot read the output of " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            proc.destroyForcibly();
            throw new DmException("interrupted while running " + script, e);
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
}
