package org.diffumatting.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.diffumatting.schedulers.SchedulerPreview;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dm scheduler}: show a diffusion scheduler's timesteps and sigmas, or write its scheduler_config.json. */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = {"Show what a diffusion scheduler does for N steps (no model is run): its class and key settings,"
                + " initial noise sigma, inference timesteps and, for Euler / DPM-Solver, the sigmas.",
                "Names: ddpm, ddim, euler, euler-a, dpm++2m, dpm++2m-karras, dpm++2m-sde, dpm++2m-sde-karras, or a diffusers class name (DDPMScheduler,"
                        + " DDIMScheduler, EulerDiscreteScheduler, EulerAncestralDiscreteScheduler, DPMSolverMultistepScheduler).",
                "With --config the other keys (num_train_timesteps, beta_schedule, prediction_type, steps_offset, ...) come from"
                        + " that scheduler_config.json, as diffusers' from_config does; without --name its _class_name is used."})
public final class SchedulerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Scheduler short name or diffusers class name (default: the _class_name of --config).")
    String name;

    @Option(names = "--config", paramLabel = "FILE|DIR",
            description = "A diffusers scheduler_config.json, or a folder holding one (e.g. MODEL/scheduler).")
    Path config;

    @Option(names = "--steps", defaultValue = "20", paramLabel = "N",
            description = "Number of inference steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--write-config", paramLabel = "FILE",
            description = "Also write the resolved scheduler_config.json (every key of the class) to FILE, atomically.")
    Path writeConfig;

    @Override
    public Integer call() {
        SchedulerPreview preview = SchedulerPreview.of(new SchedulerPreview.Request(name, config, steps, writeConfig));
        PrintWriter out = spec.commandLine().getOut();
        out.print(preview.toText());
        if (writeConfig != null) out.println("wrote " + writeConfig);
        out.flush();
        return 0;
    }
}
