package org.diffumatting.models.loading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.common.DmException;
import org.diffumatting.models.nn.ParamInit;
import org.diffumatting.models.registry.ConfiguredModel;
import org.diffumatting.models.registry.ModelRegistry;
import org.diffumatting.tensor.safetensors.PickleCheckpoints;
import org.diffumatting.tensor.safetensors.SafetensorsWriter;

/**
 * The diffusers folder layout, read and written:
 * <pre>
 *   model_index.json                       {"_class_name": pipeline, component: [library, class], ...}
 *   unet/config.json + diffusion_pytorch_model[.fp16].safetensors
 *   vae/config.json  + diffusion_pytorch_model[.fp16].safetensors
 *   text_encoder/config.json + model[.fp16].safetensors      (transformers)
 *   tokenizer/..., scheduler/scheduler_config.json           (assets: copied as files)
 * </pre>
 * Model components are built through {@link ModelRegistry} from their config.json and loaded
 * strictly ({@link StrictLoader}); pickle weights (.bin/.ckpt) are refused.
 */
public final class DiffusersFolder {
    /** The diffusers version whose config semantics this code follows; written into new configs. */
    public static final String DIFFUSERS_VERSION = "0.36.0";
    public static final String MODEL_INDEX = "model_index.json";
    public static final String CONFIG = "config.json";

    /** One entry of model_index.json. */
    public record ComponentSpec(String name, String library, String className) {}

    private DiffusersFolder() {}

    /** Whether {@code dir} looks like a diffusers pipeline folder. */
    public static boolean isPipelineFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(MODEL_INDEX));
    }

    /** The pipeline class ({@code _class_name}) of model_index.json. */
    public static String pipelineClass(Path dir) {
        ObjectNode idx = ConfigJson.read(dir.resolve(MODEL_INDEX));
        JsonNode c = idx.get("_class_name");
        return c == null || !c.isTextual() ? null : c.asText();
    }

    /** Components of model_index.json in file order (keys starting with '_' and [null, null] entries skipped). */
    public static List<ComponentSpec> components(Path dir) {
        Path file = dir.resolve(MODEL_INDEX);
        ObjectNode idx = ConfigJson.read(file);
        List<ComponentSpec> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = idx.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith("_")) continue;
            JsonNode v = e.getValue();
            if (!v.isArray() || v.size() != 2) {
                throw new DmException(file + ": component '" + e.getKey() + "' must be [library, class], found " + v);
            }
            if (v.get(0).isNull() || v.get(1).isNull()) continue;
            out.add(new ComponentSpec(e.getKey(), v.get(0).asText(), v.get(1).asText()));
        }
        return out;
    }

    /** The weights file of a component folder for a registry entry ({@code fp16}: the .fp16 variant). */
    public static Path weightsFile(Path componentDir, ModelRegistry.Entry entry, boolean fp16) {
        return componentDir.resolve(entry.weightsName() + (fp16 ? ".fp16" : "") + ".safetensors");
    }

    /**
     * Builds the model of {@code componentDir} from its config.json and loads its weights strictly.
     *
     * @param dtype  parameter dtype of the built model (weights are converted)
     * @param fp16   read the {@code .fp16.safetensors} variant
     */
    public static Module loadComponent(Path componentDir, torch.ScalarType dtype, boolean fp16) {
        Path cfgFile = componentDir.resolve(CONFIG);
        ObjectNode cfg = ConfigJson.read(cfgFile);
        ModelRegistry.Entry entry = ModelRegistry.forConfig(cfg, cfgFile.toString());
        Path weights = weightsFile(componentDir, entry, fp16);
        if (!Files.isRegularFile(weights)) {
            for (String pickle : List.of(entry.weightsName() + ".bin", entry.weightsName() + (fp16 ? ".fp16" : "") + ".bin",
                    entry.weightsName() + ".ckpt")) {
                if (Files.isRegularFile(componentDir.resolve(pickle))) PickleCheckpoints.refuse(componentDir.resolve(pickle));
            }
            throw new DmException(weights + ": weights file not found" + (fp16 ? " (the fp16 variant was requested)" : ""));
        }
        Module m = entry.factory().build(cfg, cfgFile.toString(), ParamInit.empty().withDtype(dtype));
        StrictLoader.load(m, weights);
        return m;
    }

    /**
     * {@code path} itself when it is a component folder (holds config.json), else its {@code component}/ subfolder
     * (a pipeline folder such as a {@code dm train} export); the result may not exist.
     */
    public static Path componentDir(Path path, String component) {
        return Files.isRegularFile(path.resolve(CONFIG)) ? path : path.resolve(component);
    }

    /** Loads the component {@code name} of a pipeline folder. */
    public static Module loadComponent(Path dir, String name, torch.ScalarType dtype, boolean fp16) {
        return loadComponent(dir.resolve(name), dtype, fp16);
    }

    /**
     * Loads every model component of a pipeline folder whose class is registered (in model_index.json
     * order); tokenizer, scheduler and other non-model components are left to their own readers.
     */
    public static LinkedHashMap<String, Module> loadModels(Path dir, torch.ScalarType dtype, boolean fp16) {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        for (ComponentSpec c : components(dir)) {
            if (ModelRegistry.isKnown(c.className())) out.put(c.name(), loadComponent(dir.resolve(c.name()), dtype, fp16));
        }
        return out;
    }

    /**
     * Writes a model component: {@code <componentDir>/config.json} and its weights
     * ({@code .fp16.safetensors}, converted to float16, when {@code fp16}). Both files are written atomically.
     */
    public static void saveComponent(Path componentDir, Module model, boolean fp16) {
        if (!(model instanceof ConfiguredModel cm)) {
            throw new IllegalArgumentException(model.getClass().getSimpleName() + " does not implement ConfiguredModel");
        }
        ObjectNode cfg = cm.configJson();
        ModelRegistry.Entry entry = ModelRegistry.forConfig(cfg, componentDir.resolve(CONFIG).toString());
        LinkedHashMap<String, Tensor> sd = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : StateDict.of(model).entrySet()) {
            Tensor t = e.getValue().detach();
            sd.put(e.getKey(), fp16 && torch.is_floating_point(t) ? t.to(torch.ScalarType.Half) : t);
        }
        try {
            Files.createDirectories(componentDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + componentDir + ": " + e.getMessage(), e);
        }
        SafetensorsWriter.writeSorted(weightsFile(componentDir, entry, fp16), sd, Map.of("format", "pt"));
        ConfigJson.write(componentDir.resolve(CONFIG), cfg);
    }

    /**
     * Writes a whole folder: model_index.json listing {@code components} in order, each model
     * component saved with {@link #saveComponent}, each asset component (tokenizer, scheduler)
     * copied file by file from its source folder.
     *
     * @param models  component name -> model (library and class taken from the model's config)
     * @param assets  component name -> (library, class, source folder to copy)
     */
    public static void save(Path dir, String pipelineClass, Map<String, Module> models, Map<String, Asset> assets, boolean fp16) {
        ObjectNode idx = ConfigJson.MAPPER.createObjectNode();
        idx.put("_class_name", pipelineClass);
        idx.put("_diffusers_version", DIFFUSERS_VERSION);
        for (Map.Entry<String, Module> e : models.entrySet()) {
            ObjectNode cfg = ((ConfiguredModel) e.getValue()).configJson();
            String cls = ModelRegistry.declaredClass(cfg).orElseThrow();
            String lib = cfg.has("_class_name") ? (cls.equals("MattingHead") ? "diffumatting" : "diffusers") : "transformers";
            ArrayNode a = idx.putArray(e.getKey());
            a.add(lib).add(cls);
            saveComponent(dir.resolve(e.getKey()), e.getValue(), fp16);
        }
        for (Map.Entry<String, Asset> e : assets.entrySet()) {
            ArrayNode a = idx.putArray(e.getKey());
            a.add(e.getValue().library()).add(e.getValue().className());
            copyFolder(e.getValue().source(), dir.resolve(e.getKey()));
        }
        ConfigJson.write(dir.resolve(MODEL_INDEX), idx);
    }

    /** A non-model component copied as files (tokenizer, scheduler). */
    public record Asset(String library, String className, Path source) {}

    private static void copyFolder(Path from, Path to) {
        if (!Files.isDirectory(from)) throw new DmException(from + ": component folder not found");
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    byte[] bytes = Files.readAllBytes(f);
                    org.diffumatting.common.AtomicFiles.write(to.resolve(f.getFileName().toString()), out -> out.write(bytes));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
