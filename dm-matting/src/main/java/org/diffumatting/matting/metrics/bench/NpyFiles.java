package org.diffumatting.matting.metrics.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.diffumatting.common.AtomicFiles;
import org.diffumatting.matting.AlphaMap;

/**
 * Writes an alpha matte as a numpy .npy file of uint8 levels round(255 a), shape (H, W), so the Python reference
 * sees the same pixels. Format: NumPy .npy v1.0 (numpy/lib/format.py): magic "\x93NUMPY", version 1 0, little-endian
 * u16 header length, an ASCII dict header padded with spaces to a multiple of 64 bytes and ended by '\n', then the
 * C-order data.
 */
public final class NpyFiles {
    private NpyFiles() {}

    public static void writeUint8(Path path, AlphaMap a) {
        String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + a.height() + ", " + a.width() + "), }";
        int preamble = 6 + 2 + 2;
        int total = preamble + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        byte[] data = new byte[a.size()];
        double[] v = a.data();
        for (int i = 0; i < data.length; i++) data[i] = (byte) Math.round(Math.max(0, Math.min(1, v[i])) * 255.0);
        ByteArrayOutputStream out = new ByteArrayOutputStream(padded + data.length);
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(1);
        out.write(0);
        int len = header.length();
        out.write(len & 0xFF);
        out.write((len >> 8) & 0xFF);
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        AtomicFiles.write(path, o -> out.writeTo(o));
    }
}
