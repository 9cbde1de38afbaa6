package org.diffumatting.cli.matting;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.diffumatting.matting.key.DifferenceKeyer;
import org.diffumatting.matting.key.KeyJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dm key}: green-screen (or any key colour) difference keying with spill suppression. */
@Command(name = "key", mixinStandardHelpOptions = true,
        description = {"Colour-difference keyer (the classic green-screen baseline) with spill suppression.",
                "With K the key colour, d its dominant channel and o1, o2 the others:"
                        + " D(I) = I_d - comb(I_o1, I_o2); raw alpha = 1 - D(I)/D(K);"
                        + " alpha = clamp((raw - clip-black)/(clip-white - clip-black)).",
                "Foreground: F = (I - (1-alpha)K)/alpha (unmix, skipped where alpha < 1/255 or with --no-unmix), then"
                        + " F_d -= strength * max(0, F_d - comb(F_o1, F_o2)) (despill).",
                "Exact for foregrounds with F_d = comb(F_o1, F_o2) (grays, skin); green objects key as partly transparent.",
                "Writes OUT/STEM-alpha.png (8-bit gray) and OUT/STEM.png (8-bit RGBA) per input."})
public final class KeyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images on the key colour (PNG/JPEG), or directories of them.")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created when missing).")
    Path out;

    @Option(names = "--key-color", paramLabel = "R,G,B", defaultValue = "0,255,0", converter = CliValues.Rgb.class,
            description = "Key colour, 0..255 each or #RRGGBB (default: ${DEFAULT-VALUE}); needs a dominant channel.")
    CliValues.Color keyColor;

    @Option(names = "--combine", paramLabel = "MODE", defaultValue = "max",
            description = "How the two other channels combine in the difference: max or average (default: ${DEFAULT-VALUE}).")
    String combine;

    @Option(names = "--clip-black", paramLabel = "X", defaultValue = "0",
            description = "Raw alpha at or below X becomes 0 (default: ${DEFAULT-VALUE}); raise to clean a noisy screen.")
    double clipBlack;

    @Option(names = "--clip-white", paramLabel = "X", defaultValue = "1",
            description = "Raw alpha at or above X becomes 1 (default: ${DEFAULT-VALUE}); lower to make the subject solid.")
    double clipWhite;

    @Option(names = "--no-unmix", description = "Do not remove the key colour from soft pixels before despill.")
    boolean noUnmix;

    @Option(names = "--spill", paramLabel = "MODE", defaultValue = "max",
            description = "Spill limit of the dominant channel: max or average of the other two (default: ${DEFAULT-VALUE}).")
    String spill;

    @Option(names = "--spill-strength", paramLabel = "S", defaultValue = "1",
            description = "0 = no spill suppression, 1 = full (default: ${DEFAULT-VALUE}).")
    double spillStrength;

    @Override
    public Integer call() {
        DifferenceKeyer.Options options = new DifferenceKeyer.Options(keyColor.rgb(),
                CliValues.enumValue(DifferenceKeyer.Combine.class, combine, "--combine"), clipBlack, clipWhite, !noUnmix,
                CliValues.enumValue(DifferenceKeyer.Combine.class, spill, "--spill"), spillStrength);
        List<Path> written = KeyJob.run(new KeyJob.Request(inputs, out, options));
        spec.commandLine().getOut().println("dm key: keyed " + written.size() / 2 + " image" + (written.size() == 2 ? "" : "s") + " into " + out);
        return 0;
    }
}
