package org.diffumatting.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.diffumatting.pipelines.MatteJob;
import org.diffumatting.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dm matte}: alpha and foreground of green-canvas images through the model's VAE and matting head. */
@Command(name = "matte", mixinStandardHelpOptions = true,
        description = {"Matte images of objects on a pure green canvas with a DiffuMatting model: VAE encode (posterior mode),"
                + " decode with features, matting head.",
                "Writes NAME-alpha.png (8-bit alpha) and NAME.png (RGBA: green-free foreground + alpha) per input, NAME = input"
                        + " file stem. Sizes that are not multiples of 8 are padded with green on the right/bottom and cropped back.",
                "All or nothing: if an input fails, outputs written for earlier inputs are removed."})
public final class MatteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files (PNG, JPEG) or folders of images.")
    List<Path> images;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/matte", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder with vae/ and matting_head/ (default: models/default).")
    Path model;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0", description = "libtorch threads; 0 keeps the default (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--device", paramLabel = "DEV", defaultValue = "cpu", description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--dtype", paramLabel = "T", defaultValue = "fp32", description = "fp32 or bf16 (autocast) (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Override
    public Integer call() {
        List<Path> written = new MatteJob(images, out, model, device, DType.parse(dtype), threads).run();
        spec.commandLine().getOut().println(written.size() / 2 + " images matted into " + out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
