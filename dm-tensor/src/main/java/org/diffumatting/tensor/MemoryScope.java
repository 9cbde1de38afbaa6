package org.diffumatting.tensor;

import java.lang.reflect.Field;
import java.util.Deque;
import java.util.Iterator;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;

/**
 * Deterministic release of native memory: every JavaCPP object (Tensor, Device, options, vectors)
 * created on this thread while the scope is open is freed when it closes, instead of waiting for the
 * garbage collector, which does not see native memory (ENGINE.md pitfall 5).
 *
 * <p>Rule: open one scope per step (sampler step, training step, batch) and create nothing there that
 * must outlive the step, or {@link #keep} it. Modules, parameters and optimizers are created outside
 * any scope. Scopes nest; closing an inner scope frees only what it attached.
 *
 * <pre>{@code
 * for (int step = 0; step < n; step++) {
 *     try (MemoryScope s = MemoryScope.open()) {
 *         Tensor eps = unet.forward(latents, t, cond);
 *         latents = s.keep(scheduler.step(eps, t, latents)); // survives the step
 *     }
 * }
 * }</pre>
 */
public final class MemoryScope implements AutoCloseable {
    private final PointerScope scope;

    private MemoryScope(PointerScope scope) {
        this.scope = scope;
    }

    /** Opens a scope on the current thread; close it on the same thread (try-with-resources). */
    public static MemoryScope open() {
        return new MemoryScope(new PointerScope());
    }

    /**
     * Lets {@code p} survive {@link #close()}: it moves to the enclosing scope when there is one (so nested
     * per-step scopes hand results outwards); otherwise it becomes owned by the garbage collector, or is
     * freed explicitly with {@code p.close()}. A pointer that this scope does not hold (created before the
     * scope opened, or in an inner scope) is returned unchanged, since closing this scope does not free it.
     */
    public <P extends Pointer> P keep(P p) {
        if (p == null || !holds(p)) return p;
        // attach() retains and detach() releases a reference: take the new reference first so that the
        // count never reaches zero in between (which would free the object).
        PointerScope outer = enclosingScope();
        if (outer != null) {
            outer.attach(p);
        } else {
            p.retainReference();
        }
        scope.detach(p);
        return p;
    }

    /** True when {@code p} is attached to this scope (JavaCPP keeps that list package-private). */
    private boolean holds(Pointer p) {
        try {
            if (POINTER_STACK == null) return true;
            for (Object o : (Deque<?>) POINTER_STACK.get(scope)) {
                if (o == p) return true;
            }
            return false;
        } catch (IllegalAccessException e) {
            return true;
        }
    }

    private static final Field POINTER_STACK = pointerStackField();

    private static Field pointerStackField() {
        try {
            Field f = PointerScope.class.getDeclaredField("pointerStack");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // fall back to assuming ownership
        }
    }

    /** The scope opened just before this one on this thread, or null. */
    private PointerScope enclosingScope() {
        // The thread's scope stack iterates from the innermost scope outwards.
        Iterator<PointerScope> it = PointerScope.getScopeIterator();
        while (it.hasNext()) {
            if (it.next() == scope) return it.hasNext() ? it.next() : null;
        }
        return null;
    }

    /** The underlying JavaCPP scope, for code that needs its finer controls. */
    public PointerScope pointerScope() {
        return scope;
    }

    /** Frees every native object attached to this scope. */
    @Override
    public void close() {
        scope.close();
    }
}
