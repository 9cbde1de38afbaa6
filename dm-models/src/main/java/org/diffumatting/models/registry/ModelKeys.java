package org.diffumatting.models.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Module;
import org.diffumatting.common.DmException;
import org.diffumatting.models.loading.ConfigJson;
import org.diffumatting.models.loading.DiffusersFolder;
import org.diffumatting.models.loading.StateDict;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.nn.Shapes;

/**
 * Parameter names and shapes of a model described by a config file or a model folder, without
 * weights: the model is built on the meta device (no memory, no initialisation), so the SD 1.5
 * UNet (686 tensors, 860M parameters) lists in well under a second.
 */
public final class ModelKeys {
    /** The keys of one component. */
    public record Listing(String component, String className, LinkedHashMap<String, long[]> shapes) {}

    /** Lines skipped while listing a folder (component, reason). */
    public record Skipped(String component, String reason) {}

    /** Result: listings in order, plus skipped components. */
    public record Result(List<Listing> listings, List<Skipped> skipped) {}

    private ModelKeys() {}

    /**
     * @param path a config.json, a component folder (with config.json) or a pipeline folder (with model_index.json)
     */
    public static Result of(Path path) {
        if (Files.isRegularFile(path)) return new Result(List.of(ofConfig(path, null)), List.of());
        if (!Files.isDirectory(path)) throw new DmException(path + ": no such file or folder");
        if (DiffusersFolder.isPipelineFolder(path)) {
            List<Listing> out = new ArrayList<>();
            List<Skipped> skipped = new ArrayList<>();
            for (DiffusersFolder.ComponentSpec c : DiffusersFolder.components(path)) {
                Path cfg = path.resolve(c.name()).resolve(DiffusersFolder.CONFIG);
                if (!ModelRegistry.isKnown(c.className())) {
                    skipped.add(new Skipped(c.name(), c.className() + " is not a model class known here"));
                } else if (!Files.isRegularFile(cfg)) {
                    skipped.add(new Skipped(c.name(), cfg + " not found"));
                } else {
                    out.add(ofConfig(cfg, c.name()));
                }
            }
            return new Result(out, skipped);
        }
        Path cfg = path.resolve(DiffusersFolder.CONFIG);
        if (Files.isRegularFile(cfg)) return new Result(List.of(ofConfig(cfg, path.getFileName().toString())), List.of());
        throw new DmException(path + ": neither " + DiffusersFolder.MODEL_INDEX + " nor " + DiffusersFolder.CONFIG + " found");
    }

    /** Keys of the model a config file describes (built on the meta device). */
    public static Listing ofConfig(Path configFile, String component) {
        ObjectNode cfg = ConfigJson.read(configFile);
        String cls = ModelRegistry.forConfig(cfg, configFile.toString()).className();
        try (PointerScope scope = new PointerScope()) {
            Module m = ModelRegistry.build(cfg, configFile.toString(), ParamInit.meta());
            return new Listing(component, cls, StateDict.shapes(m));
        }
    }

    /**
     * Prints one {@code name<TAB>d0,d1,...} line per tensor, names exactly as in the component's
     * state dict; with {@code headers} each component is preceded by a comment line
     * {@code # <component> (<class>): N tensors, P parameters} (used when listing a pipeline folder).
     */
    public static void print(Result r, PrintWriter out, boolean headers) {
        for (Listing l : r.listings()) {
            if (headers) {
                long p = 0;
                for (long[] s : l.shapes().values()) p += Shapes.numel(s);
                out.println("# " + (l.component() == null ? "" : l.component() + " ") + "(" + l.className() + "): "
                        + l.shapes().size() + " tensors, " + p + " parameters");
            }
            for (Map.Entry<String, long[]> e : l.shapes().entrySet()) out.println(e.getKey() + "\t" + Shapes.csv(e.getValue()));
        }
    }
}
