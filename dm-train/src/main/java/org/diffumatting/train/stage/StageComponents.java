package org.diffumatting.train.stage;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.common.DmException;
import org.diffumatting.models.loading.DiffusersFolder;

/** A trained component named by a training-config key (vae_path, head_path, unet_path), loaded for a stage. */
final class StageComponents {
    private StageComponents() {}

    /**
     * Loads {@code path} strictly in float32: a component folder (config.json + weights) or a model folder holding
     * {@code component}/ (the {@code model/} export of {@code dm train}, a committed model). One-line errors name
     * {@code key}. Parameters keep requires_grad (trainable); see {@link FrozenVae#freeze} for frozen use.
     */
    static <T extends Module> T load(Path path, String component, Class<T> type, String key) {
        Path dir = DiffusersFolder.componentDir(path, component);
        if (!Files.isRegularFile(dir.resolve(DiffusersFolder.CONFIG))) {
            throw new DmException("key '" + key + "': " + path + " holds neither config.json nor " + component + "/config.json");
        }
        Module m = DiffusersFolder.loadComponent(dir, torch.ScalarType.Float, false);
        if (!type.isInstance(m)) {
            throw new DmException("key '" + key + "': " + dir + " holds a " + m.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return type.cast(m);
    }
}
