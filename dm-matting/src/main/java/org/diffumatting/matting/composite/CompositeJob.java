package org.diffumatting.matting.composite;

import java.nio.file.Path;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.io.BatchFiles;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.matting.io.RgbaImage;

/** The single-image {@code dm composite} job: foreground + alpha over a background image or colour. */
public final class CompositeJob {
    private CompositeJob() {}

    /**
     * @param fg              foreground colour (RGB, or RGBA whose alpha is used when {@code alpha} is null)
     * @param alpha           alpha matte of the foreground's size, or null to use the foreground's alpha channel
     * @param background      background image (fitted with {@code fit}), or null when {@code backgroundColor} is set
     * @param backgroundColor constant background colour in [0, 1], or null
     * @param fit             how a background of another size is fitted
     * @param out             output RGB image (PNG, or JPEG for .jpg/.jpeg)
     */
    public record Request(Path fg, Path alpha, Path background, float[] backgroundColor, Compositor.BackgroundFit fit, Path out) {}

    public static void run(Request r) {
        if ((r.background() == null) == (r.backgroundColor() == null))
            throw new DmException("give exactly one of a background image (--bg) and a background colour (--bg-color)");
        for (Path in : new Path[] {r.fg(), r.alpha(), r.background()})
            if (in != null && in.toAbsolutePath().normalize().equals(r.out().toAbsolutePath().normalize()))
                throw new DmException(r.out() + ": output would overwrite an input");
        RgbImage fg;
        AlphaMap alpha;
        if (r.alpha() == null) {
            RgbaImage rgba = ImageFiles.readRgba(r.fg());
            fg = rgba.rgb();
            alpha = rgba.alpha();
        } else {
            BatchFiles.requireSameSize(r.fg(), r.alpha());
            fg = ImageFiles.readRgb(r.fg());
            alpha = ImageFiles.readAlpha(r.alpha());
        }
        RgbImage bg = r.background() != null
                ? Compositor.fitBackground(ImageFiles.readRgb(r.background()), fg.width(), fg.height(), r.fit())
                : Compositor.solid(fg.width(), fg.height(), r.backgroundColor());
        ImageFiles.writeRgb(r.out(), Compositor.composite(fg, alpha, bg));
    }
}
