package org.diffumatting.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.diffumatting.models.loading.FolderDtypeConverter;
import org.diffumatting.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dm model convert}: copy a model folder with its safetensors weights stored in another dtype. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Copies a model folder (pipeline or component) to DST, storing the floating-point tensors of every"
                + " *.safetensors file in --dtype under the same file names; configs and other files are copied as they are."
                + " Models load such a folder into float32 as before (the loader converts), so float16 halves the size on disk"
                + " at a relative rounding error of at most 2^-11. DST must not exist; it appears only when complete."})
public final class ModelConvertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SRC", description = "Model folder to read.")
    Path src;

    @Parameters(index = "1", paramLabel = "DST", description = "New folder to write.")
    Path dst;

    @Option(names = "--dtype", paramLabel = "T", defaultValue = "fp16",
            description = "Stored dtype of floating-point tensors: fp16, bf16 or fp32 (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Override
    public Integer call() {
        DType target = DType.parse(dtype);
        FolderDtypeConverter.Result r = FolderDtypeConverter.convert(src, dst, target);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "wrote %s: %d safetensors files, %d tensors stored as %s, %.1f MB -> %.1f MB%n", dst, r.files(),
                r.tensorsConverted(), target, r.bytesBefore() / 1e6, r.bytesAfter() / 1e6);
        out.flush();
        return 0;
    }
}
