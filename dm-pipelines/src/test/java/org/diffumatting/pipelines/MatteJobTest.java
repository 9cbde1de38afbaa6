package org.diffumatting.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.matting.io.RgbaImage;
import org.diffumatting.tensor.DType;
import org.diffumatting.tensor.Devices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dm matte end to end on a tiny model: sizes not a multiple of 8 are padded with green and cropped back. */
class MatteJobTest {
    @TempDir
    static Path tmp;
    static Path folder;

    @BeforeAll
    static void model() {
        Devices.setThreads(1);
        folder = TinyModel.write(tmp.resolve("tiny"));
    }

    static RgbImage disc(int w, int h) {
        RgbImage img = RgbImage.filled(w, h, 0f, 1f, 0f);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if ((x - w / 2.0) * (x - w / 2.0) + (y - h / 2.0) * (y - h / 2.0) < h * h / 9.0) {
                    img.set(x, y, 0, 0.8f);
                    img.set(x, y, 1, 0.2f);
                    img.set(x, y, 2, 0.1f);
                }
            }
        }
        return img;
    }

    @Test
    void mattesImagesOfAnySizeIntoAlphaAndRgba() {
        Path in = tmp.resolve("in");
        ImageFiles.writeRgb(in.resolve("odd.png"), disc(21, 13));
        ImageFiles.writeRgb(in.resolve("even.png"), disc(16, 16));
        Path out = tmp.resolve("out");
        List<Path> files = new MatteJob(List.of(in), out, folder, "cpu", DType.F32, 0).run();
        assertEquals(4, files.size());
        AlphaMap a = ImageFiles.readAlpha(out.resolve("odd-alpha.png"));
        assertEquals(21, a.width());
        assertEquals(13, a.height());
        RgbaImage rgba = ImageFiles.readRgba(out.resolve("odd.png"));
        assertEquals(21, rgba.width());
        assertEquals(13, rgba.height());
        assertArrayEquals(a.data(), rgba.alpha().data(), 1e-9, "RGBA alpha = alpha PNG");
        assertTrue(Files.isRegularFile(out.resolve("even-alpha.png")));
    }

    @Test
    void paddingIsGreenAndCropRestoresTheImage() {
        RgbImage img = disc(10, 6);
        RgbImage padded = MattePipeline.padGreen(img, 8);
        assertEquals(16, padded.width());
        assertEquals(8, padded.height());
        assertEquals(1f, padded.get(12, 7, 1));
        assertEquals(0f, padded.get(12, 7, 0));
        assertEquals(img, MattePipeline.cropRgb(padded, 10, 6));
        assertEquals(8, MattePipeline.lcm(8, 2));
        assertEquals(24, MattePipeline.lcm(8, 3));
    }

    @Test
    void badInputRollsBackEarlierOutputs() throws Exception {
        Path in = tmp.resolve("in-bad");
        ImageFiles.writeRgb(in.resolve("a.png"), disc(16, 16));
        Files.writeString(in.resolve("b.png"), "not a png");
        Path out = tmp.resolve("out-bad");
        assertThrows(RuntimeException.class, () -> new MatteJob(List.of(in), out, folder, "cpu", DType.F32, 0).run());
        assertFalse(Files.exists(out.resolve("a-alpha.png")));
        assertFalse(Files.exists(out.resolve("a.png")));
    }

    @Test
    void modelWithoutHeadIsRefusedNamingTheFiles() {
        Path noHead = TinyModel.writeWithoutHead(tmp.resolve("nohead"));
        Path in = tmp.resolve("in-one");
        ImageFiles.writeRgb(in.resolve("a.png"), disc(16, 16));
        DmException e = assertThrows(DmException.class, () -> new MatteJob(List.of(in), tmp.resolve("o"), noHead, "cpu", DType.F32, 0).run());
        assertTrue(e.getMessage().contains("matting_head"), e.getMessage());
    }
}
