package org.diffumatting.train.stage;

import java.util.Map;
import org.bytedeco.pytorch.Module;
import org.diffumatting.models.nn.DmModule;

/**
 * Several models trained as one (the trainer optimises, averages and checkpoints one module): each is a child under
 * its pipeline component name, so parameters read e.g. {@code vae.encoder.conv_in.weight} and
 * {@code matting_head.conv_out.weight}.
 */
final class ModuleGroup extends DmModule {
    /** @param parts component name -> model, in registration order */
    ModuleGroup(Map<String, ? extends Module> parts) {
        parts.forEach(this::child);
    }
}
