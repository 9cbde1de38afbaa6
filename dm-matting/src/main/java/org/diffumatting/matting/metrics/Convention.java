package org.diffumatting.matting.metrics;

import java.util.Locale;

/**
 * Which family of evaluation code a set of matting numbers follows (docs/METRICS.md). The two families
 * compute SAD/MSE/MAD/Grad/Conn over different regions with different scales; their Grad values differ by
 * orders of magnitude, so every reported number carries its convention.
 */
public enum Convention {
    /**
     * Composition-1k / Deep Image Matting (the original MATLAB code). Only the unknown region
     * U = (trimap == 128) counts. SAD = sum|p-g|U / 1000; MSE = sum (p-g)^2 U / |U|; MAD = sum|p-g|U / |U|;
     * Grad = sum (|grad mat2gray(p)| - |grad mat2gray(g)|)^2 U / 1000 (MATLAB gaussgradient, sigma 1.4);
     * Conn = sum|phi(p) - phi(g)|U / 1000. Needs a trimap.
     */
    DIM("dim", "Composition-1k/DIM: unknown region (trimap==128); SAD,Grad,Conn /1000; MSE,MAD per unknown pixel"),
    /**
     * GFM / P3M / AM-2K, trimap-free: the whole image counts. SAD = sum|p-g| / 1000; MSE = mean (p-g)^2;
     * MAD = mean |p-g|; Grad = sum (|grad p| - |grad g|)^2 / 10 (scipy gaussian_filter order 1, sigma 1.4);
     * Conn = sum|phi(p) - phi(g)| / 1000 with empty thresholds skipped.
     */
    WHOLE("whole", "GFM/P3M whole image: SAD,Conn /1000; MSE,MAD mean per pixel; Grad /10"),
    /**
     * The P3M "trimap" numbers: p := 1 where trimap == 255 and p := 0 where trimap == 0; SAD over the whole
     * image / 1000; MSE and MAD summed over the whole image and divided by |U| (trimap == 128); Grad and Conn
     * are the {@link #WHOLE} values of the unmodified prediction (as in the P3M test script). Needs a trimap.
     */
    WHOLE_TRIMAP("whole_trimap",
            "GFM/P3M trimap variant: p forced to trimap in known regions; SAD /1000 whole image; MSE,MAD per unknown pixel; Grad /10, Conn /1000 whole image");

    private final String id;
    private final String description;

    Convention(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name used on the command line and in JSON ({@code dim}, {@code whole}, {@code whole_trimap}). */
    public String id() {
        return id;
    }

    /** One line naming region and scale of each number. */
    public String description() {
        return description;
    }

    /** Whether this convention needs a trimap. */
    public boolean needsTrimap() {
        return this != WHOLE;
    }

    /** Parses {@link #id()} (case-insensitive). */
    public static Convention fromId(String s) {
        for (Convention c : values()) if (c.id.equals(s.toLowerCase(Locale.ROOT))) return c;
        throw new IllegalArgumentException("unknown convention '" + s + "' (expected dim, whole or whole_trimap)");
    }
}
