package org.diffumatting.cli.matting;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.diffumatting.matting.trimap.TrimapGenerator;
import org.diffumatting.matting.trimap.TrimapJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dm trimap}: trimaps (0 / 128 / 255) from alpha mattes. */
@Command(name = "trimap", mixinStandardHelpOptions = true,
        description = {"Trimap from an alpha matte: 0 background, 128 unknown, 255 foreground (8-bit gray PNG).",
                "erode-dilate (default): foreground = alpha==1 eroded by the kernel, background = outside (alpha>0) dilated"
                        + " by the kernel, unknown = the rest: every 0<alpha<1 pixel plus a band of N pixels on both sides of"
                        + " every foreground/background boundary.",
                "soft-dilate: unknown = (0<alpha<1) dilated by the kernel; other pixels 255 if alpha>=0.5 else 0.",
                "Kernel: disk {dx^2+dy^2 <= N^2} (default) or square {max(|dx|,|dy|) <= N}. The image border never erodes.",
                "Batch: --alpha DIR --out DIR writes OUT/STEM.png for every PNG/JPEG in DIR."})
public final class TrimapCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--alpha", required = true, paramLabel = "FILE|DIR",
            description = "Alpha matte (gray PNG 8/16-bit, or the alpha channel of an RGBA PNG), or a directory of them.")
    Path alpha;

    @Option(names = "--out", required = true, paramLabel = "FILE|DIR",
            description = "Output trimap PNG (or an existing directory for STEM.png); a directory when --alpha is one.")
    Path out;

    @Option(names = "--band", paramLabel = "N", defaultValue = "" + TrimapGenerator.Options.DEFAULT_BAND,
            description = "Radius in pixels of the kernel, i.e. the width of the unknown band on each side (default: ${DEFAULT-VALUE}; 0 = soft pixels only).")
    int band;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "erode-dilate",
            description = "erode-dilate or soft-dilate (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--kernel", paramLabel = "SHAPE", defaultValue = "disk",
            description = "disk or square (default: ${DEFAULT-VALUE}).")
    String kernel;

    @Override
    public Integer call() {
        TrimapGenerator.Options options = new TrimapGenerator.Options(band,
                CliValues.enumValue(TrimapGenerator.Kernel.class, kernel, "--kernel"),
                CliValues.enumValue(TrimapGenerator.Mode.class, mode, "--mode"));
        List<Path> written = TrimapJob.run(new TrimapJob.Request(alpha, out, options));
        spec.commandLine().getOut().println("dm trimap: wrote " + written.size() + " trimap" + (written.size() == 1 ? "" : "s")
                + (written.size() == 1 ? " to " + written.get(0) : " to " + out));
        return 0;
    }
}
