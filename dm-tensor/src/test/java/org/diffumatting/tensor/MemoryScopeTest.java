package org.diffumatting.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class MemoryScopeTest {
    @Test
    void closeFreesWhatWasCreatedAndKeepMovesOutwards() {
        Tensor outside = Tensors.fromFloats(new float[] {1, 2}, 2);
        Tensor temp;
        Tensor kept;
        Tensor keptTwice;
        try (MemoryScope outer = MemoryScope.open()) {
            try (MemoryScope inner = MemoryScope.open()) {
                temp = outside.mul(outside);
                kept = inner.keep(temp.add(outside)); // [2, 6], moves to the outer scope
                assertSame(outside, inner.keep(outside), "not held by the scope: unchanged");
            }
            assertTrue(temp.isNull(), "temporary freed with its scope");
            assertFalse(kept.isNull(), "kept tensor survives the inner scope");
            assertArrayEquals(new float[] {2, 6}, Tensors.toFloats(kept), 0f);
            keptTwice = outer.keep(kept);
        }
        assertFalse(keptTwice.isNull(), "kept by the outermost scope: left to the garbage collector");
        assertArrayEquals(new float[] {2, 6}, Tensors.toFloats(keptTwice), 0f);
        assertFalse(outside.isNull(), "tensors created before the scope are untouched");
        keptTwice.close();
        assertTrue(keptTwice.isNull());
    }

    @Test
    void keptResultIsFreedByTheOuterScope() {
        Tensor kept;
        try (MemoryScope outer = MemoryScope.open()) {
            try (MemoryScope inner = MemoryScope.open()) {
                kept = inner.keep(Tensors.fromFloats(new float[] {3}, 1));
            }
            assertFalse(kept.isNull());
        }
        assertTrue(kept.isNull(), "the outer scope owned it");
    }
}
