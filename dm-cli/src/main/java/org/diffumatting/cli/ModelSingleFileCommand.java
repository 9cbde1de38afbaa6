package org.diffumatting.cli;

import org.diffumatting.common.DmException;
import org.diffumatting.models.loading.CompVisKeyMap;
import org.diffumatting.models.loading.CompVisKeyMap.Component;
import org.diffumatting.models.loading.SingleFileCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dm model single-file}: check a single-file SD checkpoint's keys and show its diffusers view. */
@Command(name = "single-file", mixinStandardHelpOptions = true,
        description = {"Reads the header of a single-file Stable Diffusion checkpoint (.safetensors with CompVis names:"
                + " model.diffusion_model.*, first_stage_model.*, cond_stage_model.transformer.*), maps every key to its"
                + " diffusers component name, and prints per component (unet, vae, text_encoder) the tensor and parameter"
                + " counts and stored dtypes, plus the skipped non-weight keys. No tensor data is read.",
                "Unknown keys are an error listing them. With --keys COMPONENT it prints that component's diffusers"
                        + " names and shapes instead (NAME<TAB>d0,d1,..., the format of dm model keys), so the two can be"
                        + " compared with diff.",
                "With --to-diffusers OUT it writes a diffusers folder instead: each component is built from the config.json"
                        + " of the same component in --configs DIR (a diffusers SD folder, e.g. an SD 1.5 download without"
                        + " weights), loaded strictly from the checkpoint and saved; model_index.json, tokenizer/, scheduler/"
                        + " and feature_extractor/ are copied from DIR. OUT must not exist; nothing is left on failure."})
public final class ModelSingleFileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "The .safetensors single-file checkpoint.")
    Path checkpoint;

    @Option(names = "--ema", description = "Map the UNet to the EMA copy (model_ema.*); every EMA key must exist.")
    boolean ema;

    @Option(names = "--keys", paramLabel = "COMPONENT",
            description = "Print the diffusers names and shapes of one component: unet, vae or text_encoder.")
    String keys;

    @Option(names = "--layers-per-block", paramLabel = "L", defaultValue = "2",
            description = "UNet layers_per_block used to number the blocks (default: ${DEFAULT-VALUE}, SD 1.x).")
    int layersPerBlock;

    @Option(names = "--vae-blocks", paramLabel = "N", defaultValue = "4",
            description = "Number of VAE blocks (default: ${DEFAULT-VALUE}, SD 1.x).")
    int vaeBlocks;

    @Option(names = "--to-diffusers", paramLabel = "OUT", description = "Convert to a diffusers folder OUT (needs --configs).")
    Path toDiffusers;

    @Option(names = "--configs", paramLabel = "DIR",
            description = "Diffusers SD folder giving unet/, vae/, text_encoder/ config.json and the tokenizer/scheduler assets.")
    Path configs;

    @Option(names = "--fp16", description = "With --to-diffusers: write float16 weights as *.fp16.safetensors.")
    boolean fp16;

    @Override
    public Integer call() {
        if (layersPerBlock < 1 || vaeBlocks < 1) throw new DmException("--layers-per-block and --vae-blocks must be >= 1");
        PrintWriter out = spec.commandLine().getOut();
        try (SingleFileCheckpoint ckpt = SingleFileCheckpoint.open(checkpoint, new CompVisKeyMap(layersPerBlock, vaeBlocks), ema)) {
            if (toDiffusers != null) {
                if (configs == null) throw new DmException("--to-diffusers needs --configs DIR (the component config.json files)");
                for (Component c : ckpt.toDiffusers(toDiffusers, configs, fp16)) {
                    out.println("wrote " + toDiffusers.resolve(c.folderName()));
                }
            } else if (keys != null) {
                Component c = Arrays.stream(Component.values()).filter(x -> x.folderName().equals(keys)).findFirst()
                        .orElseThrow(() -> new DmException("--keys must be unet, vae or text_encoder, got '" + keys + "'"));
                for (Map.Entry<String, long[]> e : ckpt.shapes(c).entrySet()) {
                    out.println(e.getKey() + "\t" + Arrays.toString(e.getValue()).replaceAll("[\\[\\] ]", ""));
                }
            } else {
                SingleFileCheckpoint.Summary s = ckpt.summary();
                out.println(s.file());
                for (Component c : Component.values()) {
                    out.printf(Locale.ROOT, "%-13s %5d tensors %,15d parameters  %s%n", c.folderName(), s.tensors().get(c),
                            s.values().get(c), s.dtypes().get(c));
                }
                out.printf("skipped %d non-weight keys%s%n", s.ignored().size(),
                        s.ignored().isEmpty() ? "" : ": " + String.join(", ", s.ignored().subList(0, Math.min(15, s.ignored().size())))
                                + (s.ignored().size() > 15 ? ", ..." : ""));
            }
        }
        out.flush();
        return 0;
    }
}
