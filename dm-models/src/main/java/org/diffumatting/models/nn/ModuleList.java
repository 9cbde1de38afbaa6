package org.diffumatting.models.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.bytedeco.pytorch.Module;

/**
 * An ordered list of children named {@code 0, 1, 2, ...}, like {@code torch.nn.ModuleList}
 * (so parameter names read {@code resnets.0.conv1.weight}).
 */
public final class ModuleList<M extends Module> extends DmModule implements Iterable<M> {
    private final List<M> items = new ArrayList<>();

    /** Appends {@code m} under the name of its index. */
    public M add(M m) {
        child(Integer.toString(items.size()), m);
        items.add(m);
        return m;
    }

    public M get(int i) {
        return items.get(i);
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public List<M> asList() {
        return Collections.unmodifiableList(items);
    }

    @Override
    public Iterator<M> iterator() {
        return asList().iterator();
    }
}
