package org.diffumatting.tensor.safetensors;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.common.DmException;
import org.diffumatting.tensor.DType;

/**
 * Reads a safetensors file (format: huggingface/safetensors README): an 8-byte little-endian header length
 * N, N bytes of UTF-8 JSON {@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {..}}},
 * then the data section. {@link #open} validates the whole header up front (see {@link SafetensorsHeader});
 * {@link #load} then memory-maps only the requested tensor's bytes, in chunks of at most 1 GiB (so tensors
 * and files above 2 GB work), copies them into a fresh libtorch tensor and unmaps them at once.
 *
 * <p>Not thread-safe for {@link #close()}; concurrent {@link #load} calls are fine.
 */
public final class SafetensorsFile implements AutoCloseable {
    private static final long MAP_CHUNK = 1L << 30;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final SafetensorsHeader header;
    private volatile boolean closed;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, SafetensorsHeader header) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.header = header;
    }

    /**
     * Opens and validates {@code p}.
     *
     * @throws DmException for a missing file, a pickle checkpoint, or any malformation (naming the file,
     *     the tensor and its byte range)
     */
    public static SafetensorsFile open(Path p) {
        PickleCheckpoints.refuse(p);
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new DmException(p + ": safetensors data is little-endian and this machine is not");
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(p, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new DmException(p + ": no such file");
        } catch (IOException e) {
            throw new DmException(p + ": cannot open: " + e.getMessage(), e);
        }
        try {
            if (Files.isDirectory(p)) throw new DmException(p + ": is a directory, not a safetensors file");
            long size = ch.size();
            if (size < 8) {
                throw new DmException(p + ": not a safetensors file (" + size + " bytes, shorter than the 8-byte header length)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long n = lenBuf.flip().getLong();
            SafetensorsHeader.checkHeaderLength(p, n, size);
            ByteBuffer headerBuf = ByteBuffer.allocate((int) n);
            readFully(ch, headerBuf, 8);
            headerBuf.flip();
            SafetensorsHeader header = SafetensorsHeader.parse(p, headerBuf, size - 8 - n);
            return new SafetensorsFile(p, ch, 8 + n, header);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new DmException(p + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /** The file this reads. */
    public Path path() {
        return path;
    }

    /** Tensor names in data-section order. */
    public Set<String> names() {
        return header.tensors.keySet();
    }

    /** All entries in data-section order. */
    public Map<String, TensorInfo> infos() {
        return header.tensors;
    }

    /** True when the file has a tensor called {@code name}. */
    public boolean contains(String name) {
        return header.tensors.containsKey(name);
    }

    /** The header entry of {@code name}. @throws DmException when absent */
    public TensorInfo info(String name) {
        TensorInfo t = header.tensors.get(name);
        if (t == null) throw new DmException(path + ": no tensor named '" + name + "' (" + header.tensors.size() + " tensors)");
        return t;
    }

    /** The {@code __metadata__} map (empty when absent). */
    public Map<String, String> metadata() {
        return header.metadata;
    }

    /** A new contiguous CPU tensor with the stored dtype and shape, holding a copy of the stored bytes. */
    public Tensor load(String name) {
        return load(name, MAP_CHUNK);
    }

    /** {@link #load(String)} mapping at most {@code chunkBytes} at a time (small values exercise the chunking in tests). */
    Tensor load(String name, long chunkBytes) {
        if (closed) throw new IllegalStateException(path + " is closed");
        TensorInfo info = info(name);
        Tensor t = torch.empty(info.shape(), new TensorOptions(info.dtype().scalarType()), new MemoryFormatOptional());
        long bytes = info.byteCount();
        if (bytes == 0) return t;
        BytePointer dst = new BytePointer(t.data_ptr());
        try {
            for (long done = 0; done < bytes; done += chunkBytes) {
                long len = Math.min(chunkBytes, bytes - done);
                MappedByteBuffer src = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin() + done, len);
                try {
                    Pointer.memcpy(dst.position(done), new BytePointer(src), len);
                } finally {
                    Unmapper.unmap(src);
                }
            }
        } catch (IOException e) {
            throw new DmException(path + ": cannot read tensor '" + name + "' bytes [" + info.begin() + ", " + info.end()
                    + "): " + e.getMessage(), e);
        }
        return t;
    }

    /** As {@link #load(String)}, converted to {@code convertTo} (round-to-nearest-even for narrowing floats). */
    public Tensor load(String name, DType convertTo) {
        Tensor t = load(name);
        if (info(name).dtype() == convertTo) return t;
        return t.to(convertTo.scalarType());
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(channel);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) throw new IOException("unexpected end of file at byte " + pos);
            pos += r;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to report on a read-only channel
        }
    }

    /**
     * Releases a mapping now instead of at the next garbage collection (which may be far away while the JVM
     * heap is small and the mapped file is gigabytes), through {@code sun.misc.Unsafe.invokeCleaner}; when
     * that is unavailable the mapping is left to the collector.
     */
    private static final class Unmapper {
        private static final Object UNSAFE;
        private static final Method INVOKE_CLEANER;

        static {
            Object unsafe = null;
            Method m = null;
            try {
                Class<?> c = Class.forName("sun.misc.Unsafe");
                java.lang.reflect.Field f = c.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                unsafe = f.get(null);
                m = c.getMethod("invokeCleaner", ByteBuffer.class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                unsafe = null;
                m = null;
            }
            UNSAFE = unsafe;
            INVOKE_CLEANER = m;
        }

        static void unmap(MappedByteBuffer b) {
            if (INVOKE_CLEANER == null) return;
            try {
                INVOKE_CLEANER.invoke(UNSAFE, b);
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // left to the garbage collector
            }
        }
    }
}
