package org.diffumatting.tensor.safetensors;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.diffumatting.common.DmException;
import org.diffumatting.tensor.MemoryScope;
import org.diffumatting.tensor.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PickleCheckpointsTest {
    @TempDir
    Path dir;

    @Test
    void refusesCheckpointExtensions() {
        for (String name : new String[] {"sd-v1-5.ckpt", "pytorch_model.bin", "unet.PT", "vae.pth"}) {
            Path p = dir.resolve(name);
            DmException e = assertThrows(DmException.class, () -> PickleCheckpoints.refuse(p));
            assertTrue(e.getMessage().startsWith(p + " is a pickle checkpoint; convert it to safetensors ("), e.getMessage());
            assertThrows(DmException.class, () -> SafetensorsFile.open(p), "open() refuses too");
        }
    }

    @Test
    void refusesPickleAndZipContentWhateverTheName() throws IOException {
        Path pickle = dir.resolve("weights.safetensors");
        Files.write(pickle, new byte[] {(byte) 0x80, 0x02, '}', 'q', 0, '.', 0, 0, 0, 0});
        assertTrue(PickleCheckpoints.isPickleCheckpoint(pickle));
        DmException e = assertThrows(DmException.class, () -> SafetensorsFile.open(pickle));
        assertTrue(e.getMessage().contains("is a pickle checkpoint"), e.getMessage());

        Path zip = dir.resolve("archive.weights");
        Files.write(zip, new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0});
        assertThrows(DmException.class, () -> PickleCheckpoints.refuse(zip));
    }

    @Test
    void acceptsSafetensorsWhoseLengthLooksLikeAPickleMagic() throws IOException {
        // header length 0x0280 = 640: first bytes 0x80 0x02 like pickle protocol 2, but byte 8 is '{'
        Path p = dir.resolve("m.safetensors");
        String empty = "{\"__metadata__\":{\"pad\":\"\"},\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        String pad = "x".repeat(640 - empty.length());
        try (MemoryScope s = MemoryScope.open()) {
            SafetensorsWriter.write(p, Map.of("x", Tensors.fromFloats(new float[] {1f}, 1)), Map.of("pad", pad));
        }
        assertTrue(headerLength(p) == 640, "constructed a 640-byte header");
        assertFalse(PickleCheckpoints.isPickleCheckpoint(p));
        assertDoesNotThrow(() -> SafetensorsFile.open(p).close());
    }

    private static long headerLength(Path p) {
        try {
            byte[] b = Files.readAllBytes(p);
            return java.nio.ByteBuffer.wrap(b, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
