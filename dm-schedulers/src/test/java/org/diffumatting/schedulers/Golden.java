package org.diffumatting.schedulers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Loads golden/schedulers_golden.json (written by tools/reference/schedulers_reference.py) and converts arrays. */
final class Golden {
    private Golden() {}

    private static JsonNode root;

    static synchronized JsonNode root() {
        if (root == null) {
            try (InputStream in = Golden.class.getResourceAsStream("/golden/schedulers_golden.json")) {
                if (in == null) throw new IllegalStateException("golden/schedulers_golden.json missing");
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** A golden case's "config" object as a SchedulerConfig. */
    static SchedulerConfig config(JsonNode c) {
        return SchedulerConfig.parse(c.get("config").toString(), "golden");
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).doubleValue();
        return out;
    }

    static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).longValue();
        return out;
    }

    /** float32 tensor of the given shape from doubles. */
    static Tensor tensor(double[] values, long... shape) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        return Tensor.create(f, shape);
    }

    /** Flat values of a tensor (any float dtype) as doubles. */
    static double[] values(Tensor t) {
        Tensor c = t.to(torch.ScalarType.Float).contiguous();
        float[] f = new float[(int) c.numel()];
        FloatPointer p = c.data_ptr_float();
        p.get(f);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** max_i |a_i - b_i| / max(1, max_i |b_i|): error relative to the reference's scale. */
    static double scaledMaxError(double[] actual, double[] expected) {
        if (actual.length != expected.length) {
            throw new AssertionError("length " + actual.length + " != expected " + expected.length);
        }
        double scale = 1;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        double err = 0;
        for (int i = 0; i < actual.length; i++) err = Math.max(err, Math.abs(actual[i] - expected[i]));
        return err / scale;
    }

    /** max_i |a_i - b_i| / |b_i| (b_i != 0). */
    static double maxRelativeError(double[] actual, double[] expected) {
        if (actual.length != expected.length) {
            throw new AssertionError("length " + actual.length + " != expected " + expected.length);
        }
        double err = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            err = Math.max(err, expected[i] == 0 ? d : d / Math.abs(expected[i]));
        }
        return err;
    }
}
