package org.diffumatting.data.assets;

import java.awt.image.BufferedImage;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import org.apache.batik.transcoder.SVGAbstractTranscoder;
import org.apache.batik.transcoder.TranscoderException;
import org.apache.batik.transcoder.TranscoderInput;
import org.apache.batik.transcoder.TranscoderOutput;
import org.apache.batik.transcoder.image.ImageTranscoder;

/**
 * Rasterises an SVG with Apache Batik into a straight-alpha ARGB image whose larger side is
 * {@code size} pixels (aspect ratio kept by the document's viewBox / preserveAspectRatio).
 * One instance per call: Batik transcoders are not shared between threads.
 */
public final class SvgRasterizer {
    private SvgRasterizer() {}

    /** Renders an SVG file; throws {@link TranscoderException} for documents Batik cannot render. */
    public static BufferedImage render(Path svg, int size) throws TranscoderException {
        return render(new TranscoderInput(svg.toUri().toString()), size);
    }

    /** Renders SVG text (used by tests with generated fixtures). */
    public static BufferedImage renderString(String svgText, int size) throws TranscoderException {
        Reader r = new StringReader(svgText);
        TranscoderInput in = new TranscoderInput(r);
        in.setURI("file:///inline.svg");
        return render(in, size);
    }

    private static BufferedImage render(TranscoderInput input, int size) throws TranscoderException {
        CapturingTranscoder t = new CapturingTranscoder();
        // both sides set: the viewBox is fitted inside size x size (preserveAspectRatio, centred); trimming removes the rest
        t.addTranscodingHint(SVGAbstractTranscoder.KEY_WIDTH, (float) size);
        t.addTranscodingHint(SVGAbstractTranscoder.KEY_HEIGHT, (float) size);
        t.addTranscodingHint(ImageTranscoder.KEY_FORCE_TRANSPARENT_WHITE, Boolean.FALSE);
        t.transcode(input, new TranscoderOutput());
        if (t.image == null) throw new TranscoderException("Batik produced no image");
        return t.image;
    }

    /** Keeps the rendered image instead of encoding it. */
    private static final class CapturingTranscoder extends ImageTranscoder {
        BufferedImage image;

        @Override
        public BufferedImage createImage(int w, int h) {
            return new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        }

        @Override
        public void writeImage(BufferedImage img, TranscoderOutput output) {
            this.image = img;
        }
    }
}
