package org.diffumatting.pipelines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Device;
import org.diffumatting.common.DmException;
import org.diffumatting.matting.RgbImage;
import org.diffumatting.matting.io.BatchFiles;
import org.diffumatting.matting.io.ImageFiles;
import org.diffumatting.matting.io.OutputSet;
import org.diffumatting.tensor.DType;
import org.diffumatting.tensor.Devices;

/**
 * {@code dm matte}: for each input image (files or folders of images) write {@code NAME-alpha.png} (8-bit gray) and
 * {@code NAME.png} (RGBA: foreground + alpha) into the output folder, NAME = the input's file stem. All or nothing:
 * if an input fails, files written for earlier inputs are deleted.
 *
 * @param inputs  image files or folders
 * @param outDir  output folder
 * @param model   model folder with vae/ and matting_head/, or null for the default model
 * @param device  cpu, cuda, cuda:N
 * @param dtype   F32, or BF16 for autocast
 * @param threads libtorch threads, 0 = leave as is
 */
public record MatteJob(List<Path> inputs, Path outDir, Path model, String device, DType dtype, int threads) {

    public MatteJob {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        device = device == null ? "cpu" : device;
        dtype = dtype == null ? DType.F32 : dtype;
    }

    /** Runs the job; returns the files written. */
    public List<Path> run() {
        if (inputs.isEmpty()) throw new DmException("no input image given");
        List<Path> files = BatchFiles.expand(inputs);
        if (files.isEmpty()) throw new DmException("no image files found in " + inputs);
        BatchFiles.requireUniqueStems(files);
        if (threads > 0) Devices.setThreads(threads);
        Path folder = PipelineModel.resolve(model);
        Device dev = Devices.parse(device);
        MattePipeline pipe = new MattePipeline(PipelineModel.forMatting(folder, dev));
        OutputSet written = new OutputSet();
        try {
            for (Path in : files) {
                String stem = BatchFiles.stem(in);
                Path alpha = outDir.resolve(stem + "-alpha.png");
                Path rgba = outDir.resolve(stem + ".png");
                for (Path o : List.of(alpha, rgba)) {
                    if (o.toAbsolutePath().normalize().equals(in.toAbsolutePath().normalize())) {
                        throw new DmException(o + ": output would overwrite the input; choose another --out folder");
                    }
                }
                RgbImage img = ImageFiles.readRgb(in);
                MattePipeline.Result r = pipe.matte(img, dev, dtype);
                ImageFiles.writeAlpha(alpha, r.alpha());
                written.add(alpha);
                ImageFiles.writeRgba(rgba, r.foreground(), r.alpha());
                written.add(rgba);
            }
        } catch (RuntimeException e) {
            written.rollback();
            throw e;
        }
        return new ArrayList<>(written.files());
    }
}
