package org.diffumatting.matting.trimap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.io.BatchFiles;
import org.diffumatting.matting.io.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrimapJobTest {
    @TempDir
    Path dir;

    @Test
    void fileToFileFileToDirectoryAndDirectoryToDirectory() throws IOException {
        AlphaMap a = new AlphaMap(5, 1, new double[] {0, 0.5, 1, 1, 1});
        Path in = Files.createDirectories(dir.resolve("in"));
        ImageFiles.writeAlpha(in.resolve("a.png"), a);
        ImageFiles.writeAlpha(in.resolve("b.png"), AlphaMap.zeros(2, 2), 16);
        TrimapGenerator.Options o = TrimapGenerator.Options.defaults().withBand(0);

        Path f = dir.resolve("t.png");
        assertEquals(List.of(f), TrimapJob.run(new TrimapJob.Request(in.resolve("a.png"), f, o)));
        assertEquals(TrimapGenerator.generate(a, o).toAlphaMap(), ImageFiles.readAlpha(f));

        Path existing = Files.createDirectories(dir.resolve("existing"));
        assertEquals(List.of(existing.resolve("a.png")), TrimapJob.run(new TrimapJob.Request(in.resolve("a.png"), existing, o)));

        Path out = dir.resolve("out");
        List<Path> written = TrimapJob.run(new TrimapJob.Request(in, out, o));
        assertEquals(List.of(out.resolve("a.png"), out.resolve("b.png")), written);
    }

    @Test
    void errorsNameThePathAndLeaveNoPartialOutputs() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        ImageFiles.writeAlpha(in.resolve("a.png"), AlphaMap.zeros(3, 3));
        Files.write(in.resolve("z.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}); // corrupt, sorted last
        Path out = dir.resolve("out");
        TrimapGenerator.Options o = TrimapGenerator.Options.defaults();
        DmException e = assertThrows(DmException.class, () -> TrimapJob.run(new TrimapJob.Request(in, out, o)));
        assertTrue(e.getMessage().contains("z.png"), e.getMessage());
        assertFalse(Files.exists(out.resolve("a.png")), "a.png was written then rolled back");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(DmException.class, () -> TrimapJob.run(new TrimapJob.Request(empty, out, o)));
        assertTrue(e.getMessage().contains("no PNG or JPEG"), e.getMessage());
        assertThrows(DmException.class, () -> TrimapJob.run(new TrimapJob.Request(dir.resolve("nope.png"), out, o)));
        assertThrows(DmException.class, () -> TrimapJob.run(new TrimapJob.Request(in.resolve("a.png"), in.resolve("a.png"), o)));
        assertThrows(DmException.class, () -> TrimapJob.run(new TrimapJob.Request(in.resolve("a.png"), dir.resolve("t.jpg"), o)));
        Path file = dir.resolve("file.png");
        ImageFiles.writeAlpha(file, AlphaMap.zeros(1, 1));
        e = assertThrows(DmException.class, () -> TrimapJob.run(new TrimapJob.Request(in, file, o)));
        assertTrue(e.getMessage().contains("must be a directory"), e.getMessage());
    }

    @Test
    void duplicateStemsAreRefused() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        ImageFiles.writeAlpha(in.resolve("x.png"), AlphaMap.zeros(1, 1));
        Files.copy(in.resolve("x.png"), in.resolve("x.jpeg"));
        DmException e = assertThrows(DmException.class, () -> BatchFiles.expand(List.of(in)));
        assertTrue(e.getMessage().contains("same stem 'x'"), e.getMessage());
        assertEquals("a.b", BatchFiles.stem(Path.of("d/a.b.png")));
    }
}
