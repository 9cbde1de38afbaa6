package org.diffumatting.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.diffumatting.train.Trainer;
import org.diffumatting.train.TrainRequest;
import org.diffumatting.train.Training;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dm train vae|head|unet --config F}: the three DiffuMatting training stages. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the DiffuMatting model in three stages on a green-screen set (dm data build-greenset):",
                "  vae  - AutoencoderKL on the green images (reconstruction + KL);",
                "  head - matting head on VAE reconstructions, VAE frozen (alpha L1 + Laplacian + composition + foreground);",
                "  unet - UNet with the joint objective L_eps + lambda_g L_green + lambda_tb L_tb, MiniLM text context.",
                "Writes OUTPUT_DIR/checkpoints (atomic, every checkpoint_every steps and on SIGTERM/Ctrl-C),"
                        + " train-log.jsonl, samples/*.png and, when done, OUTPUT_DIR/model (diffusers-style folder).",
                "Config keys and defaults: docs/NOTES-train.md; examples: models/configs/train-*.json."},
        subcommands = {TrainCommand.Vae.class, TrainCommand.Head.class, TrainCommand.Unet.class})
public final class TrainCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Flags shared by the three stages. */
    abstract static class StageCommand implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE",
                description = "Training config JSON (unknown keys are errors; relative paths are resolved against its folder).")
        Path config;

        @Option(names = "--resume", description = "Continue from the latest checkpoint in the config's output_dir"
                + " (same seed: the loss curve continues exactly).")
        boolean resume;

        @Option(names = "--max-steps", paramLabel = "N",
                description = "Override max_steps (the learning-rate schedule follows it).")
        Integer maxSteps;

        abstract String stage();

        @Override
        public Integer call() {
            Trainer.Result r = Training.run(new TrainRequest(stage(), config, resume, maxSteps), System.err);
            System.out.println(r.interrupted()
                    ? "stopped at step " + r.endStep() + "; resume with --resume (checkpoint " + r.lastCheckpoint() + ")"
                    : "done: step " + r.endStep() + ", model " + r.modelDir());
            return 0;
        }
    }

    @Command(name = "vae", mixinStandardHelpOptions = true,
            description = "Train the AutoencoderKL (config key vae_config) from scratch on the green images; writes model/vae"
                    + " with the measured latent scaling_factor.")
    static final class Vae extends StageCommand {
        @Override
        String stage() {
            return "vae";
        }
    }

    @Command(name = "head", mixinStandardHelpOptions = true,
            description = "Train the matting head (head_config) on reconstructions of the frozen VAE (vae_path);"
                    + " writes model/vae and model/matting_head.")
    static final class Head extends StageCommand {
        @Override
        String stage() {
            return "head";
        }
    }

    @Command(name = "unet", mixinStandardHelpOptions = true,
            description = "Train the UNet (unet_config) with the joint DiffuMatting objective, VAE frozen (vae_path),"
                    + " MiniLM text states, caption dropout; writes model/{unet,vae,scheduler[,matting_head]}.")
    static final class Unet extends StageCommand {
        @Override
        String stage() {
            return "unet";
        }
    }
}
