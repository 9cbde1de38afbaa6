package org.diffumatting.cli.matting;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.composite.CompositeDatasetBuilder;
import org.diffumatting.matting.composite.CompositeJob;
import org.diffumatting.matting.composite.Compositor;
import org.diffumatting.matting.trimap.TrimapGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dm composite}: one composite, or a Composition-1k style composite set. */
@Command(name = "composite", mixinStandardHelpOptions = true,
        description = {"Alpha compositing I = a*F + (1-a)*B (straight alpha, stored sRGB values).",
                "Single: --fg FILE [--alpha FILE] (--bg FILE | --bg-color R,G,B) --out FILE. Without --alpha the alpha"
                        + " channel of an RGBA --fg is used. A background of another size is fitted with --fit:"
                        + " cover (default: uniform scale to cover, centred crop), stretch, or crop (centred crop, cover"
                        + " when smaller).",
                "Set: --fg-dir D [--alpha-dir D] --bg-dir D --per-fg N --seed S --out DIR. Every foreground goes on N"
                        + " backgrounds drawn at random, zoomed by U[min-scale, max-scale] beyond covering, cropped at a"
                        + " random position and mirrored with probability --flip-prob (foreground too, independently)."
                        + " Writes DIR/{image,alpha,fg,bg,trimap}/STEM_k.png and DIR/manifest.json; the same inputs,"
                        + " parameters and seed give byte-identical files."})
public final class CompositeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--fg", paramLabel = "FILE", description = "Foreground image (RGB, or RGBA when --alpha is omitted).")
    Path fg;

    @Option(names = "--alpha", paramLabel = "FILE", description = "Alpha matte of --fg (same size).")
    Path alpha;

    @Option(names = "--bg", paramLabel = "FILE", description = "Background image.")
    Path bg;

    @Option(names = "--bg-color", paramLabel = "R,G,B", converter = CliValues.Rgb.class,
            description = "Constant background colour, 0..255 each or #RRGGBB.")
    CliValues.Color bgColor;

    @Option(names = "--fit", paramLabel = "MODE", defaultValue = "cover",
            description = "cover, stretch or crop (default: ${DEFAULT-VALUE}).")
    String fit;

    @Option(names = "--fg-dir", paramLabel = "DIR", description = "Set mode: folder of foregrounds.")
    Path fgDir;

    @Option(names = "--alpha-dir", paramLabel = "DIR", description = "Set mode: alphas matched to foregrounds by stem (omit for RGBA foregrounds).")
    Path alphaDir;

    @Option(names = "--bg-dir", paramLabel = "DIR", description = "Set mode: folder of backgrounds.")
    Path bgDir;

    @Option(names = "--per-fg", paramLabel = "N", defaultValue = "1", description = "Set mode: composites per foreground (default: ${DEFAULT-VALUE}).")
    int perFg;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Set mode: random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--min-scale", paramLabel = "X", defaultValue = "1.0", description = "Set mode: least background zoom beyond covering (default: ${DEFAULT-VALUE}).")
    double minScale;

    @Option(names = "--max-scale", paramLabel = "X", defaultValue = "1.5", description = "Set mode: largest background zoom (default: ${DEFAULT-VALUE}).")
    double maxScale;

    @Option(names = "--flip-prob", paramLabel = "P", defaultValue = "0.5", description = "Set mode: mirror probability (default: ${DEFAULT-VALUE}).")
    double flipProb;

    @Option(names = "--trimap-band", paramLabel = "N", defaultValue = "" + TrimapGenerator.Options.DEFAULT_BAND,
            description = "Set mode: unknown band of trimap/ (erode-dilate, disk; default: ${DEFAULT-VALUE}).")
    int trimapBand;

    @Option(names = "--out", required = true, paramLabel = "FILE|DIR", description = "Output image (single) or folder (set).")
    Path out;

    @Override
    public Integer call() {
        if (fgDir != null) {
            if (fg != null || alpha != null || bg != null || bgColor != null)
                throw new DmException("set mode (--fg-dir) does not take --fg, --alpha, --bg or --bg-color");
            if (bgDir == null) throw new DmException("set mode needs --bg-dir");
            CompositeDatasetBuilder.Params params = new CompositeDatasetBuilder.Params(perFg, seed, minScale, maxScale, flipProb,
                    TrimapGenerator.Options.defaults().withBand(trimapBand));
            CompositeDatasetBuilder.Result r = CompositeDatasetBuilder.buildFromDirs(fgDir, alphaDir, bgDir, params, out);
            spec.commandLine().getOut().println("dm composite: wrote " + r.samples() + " samples to " + out + " (manifest " + r.manifest() + ")");
            return 0;
        }
        if (fg == null) throw new DmException("give --fg FILE (single composite) or --fg-dir DIR (composite set)");
        if (alphaDir != null || bgDir != null) throw new DmException("--alpha-dir and --bg-dir belong to set mode (--fg-dir)");
        CompositeJob.run(new CompositeJob.Request(fg, alpha, bg, bgColor == null ? null : bgColor.rgb(),
                CliValues.enumValue(Compositor.BackgroundFit.class, fit, "--fit"), out));
        spec.commandLine().getOut().println("dm composite: wrote " + out);
        return 0;
    }
}
