package org.diffumatting.models.nn;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * Base of every model part: a native {@code torch::nn::Module} whose children and parameters are
 * registered under the upstream (diffusers/transformers) names, so that
 * {@code named_parameters()} yields e.g. {@code down_blocks.0.resnets.0.conv1.weight}.
 *
 * <p>The Java wrappers of modules and parameters are retained ({@code retainReference()}), so a
 * model built inside a {@link org.bytedeco.javacpp.PointerScope} stays usable after the scope closes
 * (ENGINE.md pitfall 5: scopes are for per-step temporaries, never for weights). Native memory
 * is still released when the model becomes unreachable and is garbage-collected (checked: eight
 * successive 446 MB UNets built in scopes kept the RSS at about 1.1 GB with System.gc()).
 */
public abstract class DmModule extends Module {

    protected DmModule() {
        super();
        retainReference();
    }

    /**
     * Java peers of the registered children. Module.train/eval are virtual: libtorch calls back into each
     * child's Java object, which JavaCPP references only weakly, so every child is kept strongly reachable
     * from its parent (a collected peer made eval() fail with a NullPointerException from native code).
     */
    private final List<Module> children = new ArrayList<>();

    /** Registers {@code m} as child {@code name} and returns it. */
    protected final <M extends Module> M child(String name, M m) {
        children.add(m);
        return register_module(name, m);
    }

    /** Registers a trainable parameter and returns the registered tensor (kept alive). */
    protected final Tensor param(String name, Tensor value) {
        // register_parameter returns a reference into the module's parameter vector, which moves when more
        // parameters are registered: keep an owning handle (shallow copy, same TensorImpl) instead.
        Tensor p = new Tensor(register_parameter(name, value, true));
        p.retainReference();
        value.close();
        return p;
    }
}
