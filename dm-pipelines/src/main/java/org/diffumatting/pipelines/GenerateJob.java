package org.diffumatting.pipelines;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.diffumatting.common.DmException;
import org.diffumatting.schedulers.Scheduler;
import org.diffumatting.schedulers.Schedulers;
import org.diffumatting.tensor.Devices;

/**
 * {@code dm generate} as one library call: resolve and check the model folder, load it, generate batch by batch,
 * write each batch ({@link GenerationWriter}); on any failure delete what was written, so no partial output remains.
 */
public final class GenerateJob {
    /** What a run produced. */
    public record Summary(List<Path> files, int images, String alphaSource, double loadSeconds, double generateSeconds) {}

    private GenerateJob() {}

    public static Summary run(GenerateRequest r, Path outDir, GenerationListener listener) {
        r.validate(); // before loading anything: bad input costs nothing
        if (r.threads() > 0) Devices.setThreads(r.threads());
        Path folder = PipelineModel.resolve(r.model());
        // the manifests' weights hash (SHA-256 over the safetensors, cached per process) is computed while the
        // model loads; GenerationWriter then finds it ready
        CompletableFuture.runAsync(() -> ModelHash.of(folder));
        long t0 = System.nanoTime();
        PipelineModel model = PipelineModel.forGeneration(folder, Devices.parse(r.device()));
        double load = (System.nanoTime() - t0) / 1e9;
        GreenCanvasPipeline pipe = new GreenCanvasPipeline(model);
        int width = r.width() == 0 ? model.defaultSize() : r.width();
        int height = r.height() == 0 ? model.defaultSize() : r.height();
        GenerateRequest sized = r.withSize(width, height);
        GenerationWriter writer = new GenerationWriter(outDir, sized, folder, schedulerName(r, model));
        long t1 = System.nanoTime();
        String[] source = {null};
        try {
            long[] last = {t1};
            pipe.generate(sized, listener, batch -> {
                long now = System.nanoTime();
                writer.write(batch, width, height, (now - last[0]) / 1e9 / batch.size());
                last[0] = now;
                source[0] = batch.get(0).alphaSource();
            });
        } catch (RuntimeException e) {
            writer.rollback();
            throw e;
        }
        return new Summary(writer.files(), r.imageCount(), source[0], load, (System.nanoTime() - t1) / 1e9);
    }

    /** The scheduler's diffusers class, with the short name when one was asked for: {@code dpm++2m (DPMSolverMultistepScheduler)}. */
    static String schedulerName(GenerateRequest r, PipelineModel model) {
        Scheduler s = r.scheduler() == null ? Schedulers.fromConfig(model.schedulerConfig()) : Schedulers.create(r.scheduler(), model.schedulerConfig());
        String cls = s.type().className();
        if (r.scheduler() == null || r.scheduler().equals(cls)) return cls;
        if (!Schedulers.shortNames().contains(r.scheduler())) throw new DmException("scheduler '" + r.scheduler() + "' is unknown");
        return r.scheduler() + " (" + cls + ")";
    }
}
