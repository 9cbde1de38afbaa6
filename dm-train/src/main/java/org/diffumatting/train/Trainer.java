package org.diffumatting.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.common.DmException;
import org.diffumatting.tensor.Devices;
import org.diffumatting.tensor.MemoryScope;
import org.diffumatting.train.checkpoint.CheckpointStore;
import org.diffumatting.train.checkpoint.TrainState;
import org.diffumatting.train.config.TrainConfig;
import org.diffumatting.train.data.DataBatch;
import org.diffumatting.train.data.EpochOrder;
import org.diffumatting.train.data.GreenDataset;
import org.diffumatting.train.log.ImageGrid;
import org.diffumatting.train.log.TrainLog;
import org.diffumatting.train.loss.LossTerms;
import org.diffumatting.train.optim.Ema;
import org.diffumatting.train.optim.LearningRateSchedule;
import org.diffumatting.train.optim.Optimizers;
import org.diffumatting.train.optim.Precision;

/**
 * The training loop shared by every stage (nanoGPT's train.py and diffusers' train_text_to_image.py, unrolled):
 * <ol>
 *   <li>build AdamW over the stage's module, EMA shadow, LR schedule; with {@code resume} restore the latest
 *       checkpoint (weights, EMA, optimizer state, step, data position);</li>
 *   <li>per optimizer step, inside one {@link MemoryScope}: set lr; for each of the accumulation micro-batches load
 *       the next samples of the seeded epoch order, compute the stage loss (under bf16 autocast when configured)
 *       and back-propagate loss / accumulation; clip the global gradient norm; AdamW step; EMA update;</li>
 *   <li>log (JSONL + progress line), checkpoint every N steps, sample grid every N steps;</li>
 *   <li>on SIGTERM/SIGINT (shutdown hook) or {@link #requestStop()}: finish the current step, checkpoint, return;</li>
 *   <li>at max_steps: final checkpoint, sample grid, and the model folder written with the EMA weights.</li>
 * </ol>
 * Every random draw derives from (seed, step, micro-batch, sample) ({@link Seeds}); with the checkpointed state
 * this makes a resumed run repeat the uninterrupted run's losses.
 */
public final class Trainer {
    /** What a run did. */
    public record Result(long startStep, long endStep, List<Double> losses, boolean interrupted, Path lastCheckpoint, Path modelDir) {}

    private final TrainConfig cfg;
    private final TrainingStage stage;
    private final GreenDataset data;
    private final PrintStream progress;
    private final AtomicBoolean stop = new AtomicBoolean();
    private long stopAtStep = Long.MAX_VALUE;

    public Trainer(TrainConfig cfg, TrainingStage stage, GreenDataset data, PrintStream progress) {
        this.cfg = cfg;
        this.stage = stage;
        this.data = data;
        this.progress = progress;
    }

    /** Asks the loop to checkpoint and return after the current step (thread-safe). */
    public void requestStop() {
        stop.set(true);
    }

    /** Stops (as on SIGTERM) once {@code step} steps are done: for tests of interrupted runs. */
    public Trainer stopAt(long step) {
        this.stopAtStep = step;
        return this;
    }

    public Result run(boolean resume) {
        if (cfg.threads() > 0) Devices.setThreads(cfg.threads());
        Path out = cfg.outputDir();
        createDirs(out);
        Module module = stage.trainable();
        Map<String, Tensor> params = parameters(module);
        List<Tensor> trainable = new ArrayList<>(params.values());
        TensorVector paramVector = new TensorVector(trainable.toArray(new Tensor[0]));
        paramVector.retainReference();
        AdamW opt = Optimizers.adamW(trainable, cfg.learningRate(), cfg.adamBeta1(), cfg.adamBeta2(), cfg.adamEpsilon(), cfg.weightDecay());
        Ema ema = cfg.emaDecay() > 0 ? new Ema(params, cfg.emaDecay()) : null;
        LearningRateSchedule schedule = new LearningRateSchedule(cfg.learningRate(), cfg.warmupSteps(), cfg.maxSteps(), cfg.minLrRatio());
        CheckpointStore store = new CheckpointStore(out, cfg.keepCheckpoints());
        TrainLog log = new TrainLog(out, stage.name(), progress);

        long step = 0;
        long samplesSeen = 0;
        double elapsed = 0;
        if (resume) {
            Path ckpt = store.latest().orElseThrow(() -> new DmException("--resume: no checkpoint in " + store.root()));
            TrainState st = store.readState(ckpt);
            if (!stage.name().equals(st.stage())) {
                throw new DmException(ckpt + ": checkpoint of stage '" + st.stage() + "', not '" + stage.name() + "'");
            }
            if (st.seed() != cfg.seed()) throw new DmException(ckpt + ": checkpoint seed " + st.seed() + " differs from config seed " + cfg.seed());
            store.restore(ckpt, module, ema == null ? null : ema.shadow(), opt);
            if (ema != null) ema.restore(ema.shadow(), st.emaUpdates());
            step = st.step();
            samplesSeen = st.samplesSeen();
            elapsed = st.elapsedSeconds();
            log.message("resumed from " + ckpt + " at step " + step);
        } else if (store.latest().isPresent()) {
            throw new DmException("output_dir " + out + " already has checkpoints: use --resume to continue, or another output_dir");
        }
        if (step >= cfg.maxSteps()) {
            log.message("already at step " + step + " >= max_steps " + cfg.maxSteps());
        }

        EpochOrder order = new EpochOrder(data.size(), cfg.seed());
        int micro = cfg.gradientAccumulationSteps();
        int batch = cfg.batchSize();
        double maxNorm = cfg.maxGradNorm() > 0 ? cfg.maxGradNorm() : Double.POSITIVE_INFINITY;
        List<Double> losses = new ArrayList<>();
        long startStep = step;
        Path lastCkpt = null;
        boolean interrupted = false;
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                done.await(300, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "dm-train-sigterm");
        Runtime.getRuntime().addShutdownHook(hook);
        double avgStep = 0;
        try {
            while (step < cfg.maxSteps()) {
                if (stop.get() || step >= stopAtStep) {
                    interrupted = true;
                    break;
                }
                long t0 = System.nanoTime();
                double lr = schedule.at(step);
                Map<String, Double> values = new LinkedHashMap<>();
                double gradNorm;
                try (MemoryScope scope = MemoryScope.open()) {
                    Optimizers.setLearningRate(opt, lr);
                    opt.zero_grad(true);
                    for (int m = 0; m < micro; m++) {
                        int[] idx = order.indices(samplesSeen, batch);
                        samplesSeen += batch;
                        DataBatch b = data.load(idx, stage.needsForeground());
                        LossTerms terms;
                        try (Precision p = Precision.enter(cfg.bf16())) {
                            terms = stage.loss(b, new StepContext(step, m, cfg.seed(), scope));
                        }
                        Tensor total = terms.total().to(torch.ScalarType.Float);
                        (micro == 1 ? total : total.div(new Scalar((double) micro))).backward();
                        for (Map.Entry<String, Double> e : terms.values().entrySet()) values.merge(e.getKey(), e.getValue() / micro, Double::sum);
                    }
                    gradNorm = torch.clip_grad_norm_(paramVector, maxNorm);
                    opt.step();
                    if (ema != null) ema.update(params);
                }
                step++;
                double dt = (System.nanoTime() - t0) / 1e9;
                elapsed += dt;
                avgStep = avgStep == 0 ? dt : 0.9 * avgStep + 0.1 * dt;
                double loss = values.getOrDefault("loss", Double.NaN);
                if (!Double.isFinite(loss)) throw new IllegalStateException("loss is " + loss + " at step " + step + " (diverged; lower learning_rate)");
                losses.add(loss);
                if (step % cfg.logEvery() == 0 || step == cfg.maxSteps() || step == startStep + 1) {
                    log.step(step, cfg.maxSteps(), values, lr, gradNorm, dt, elapsed, avgStep);
                }
                if (cfg.checkpointEvery() > 0 && step % cfg.checkpointEvery() == 0 && step < cfg.maxSteps()) {
                    lastCkpt = store.save(new TrainState(stage.name(), step, samplesSeen, cfg.seed(), ema == null ? 0 : ema.updates(), elapsed),
                            module, ema == null ? null : ema.shadow(), opt);
                }
                if (cfg.sampleEvery() > 0 && step % cfg.sampleEvery() == 0 && step < cfg.maxSteps()) writeSamples(module, params, ema, step);
            }
            TrainState state = new TrainState(stage.name(), step, samplesSeen, cfg.seed(), ema == null ? 0 : ema.updates(), elapsed);
            if (step > startStep || lastCkpt == null) {
                lastCkpt = store.save(state, module, ema == null ? null : ema.shadow(), opt);
                log.message((interrupted ? "interrupted; " : "") + "checkpoint " + lastCkpt);
            }
            Path modelDir = null;
            if (!interrupted) {
                modelDir = out.resolve("model");
                Path dir = modelDir;
                if (cfg.sampleEvery() > 0) writeSamples(module, params, ema, step);
                withEmaWeights(params, ema, () -> stage.export(dir));
                log.message("model written to " + modelDir);
            }
            return new Result(startStep, step, losses, interrupted, lastCkpt, modelDir);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns as soon as 'done' is counted down
            }
        }
    }

    private void writeSamples(Module module, Map<String, Tensor> params, Ema ema, long step) {
        int n = Math.min(cfg.sampleCount(), data.size());
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Path png = cfg.outputDir().resolve("samples").resolve(String.format("step-%08d.png", step));
        withEmaWeights(params, ema, () -> {
            try (MemoryScope s = MemoryScope.open(); NoGradGuard g = new NoGradGuard()) {
                ImageGrid.write(png, stage.samples(data.load(idx, stage.needsForeground())));
            }
        });
    }

    /** Runs {@code r} with the EMA weights copied into the live parameters, then restores them. */
    static void withEmaWeights(Map<String, Tensor> params, Ema ema, Runnable r) {
        if (ema == null) {
            r.run();
            return;
        }
        Map<String, Tensor> backup = new LinkedHashMap<>();
        try (NoGradGuard g = new NoGradGuard()) {
            params.forEach((k, v) -> {
                Tensor c = v.detach().clone();
                c.retainReference();
                backup.put(k, c);
                v.detach().copy_(ema.shadow().get(k));
            });
        }
        try {
            r.run();
        } finally {
            try (NoGradGuard g = new NoGradGuard()) {
                params.forEach((k, v) -> v.detach().copy_(backup.get(k)));
            }
            backup.values().forEach(Tensor::close);
        }
    }

    /** name -> live parameter tensor of every parameter that requires grad. */
    static Map<String, Tensor> parameters(Module m) {
        Map<String, Tensor> out = ModuleTensors.parameters(m, true);
        if (out.isEmpty()) throw new IllegalStateException(m.getClass().getSimpleName() + " has no trainable parameters");
        return out;
    }

    private static void createDirs(Path out) {
        try {
            Files.createDirectories(out.resolve("samples"));
        } catch (IOException e) {
            throw new UncheckedIOException("output_dir " + out + ": cannot create: " + e.getMessage(), e);
        }
    }
}
