package org.diffumatting.data.procedural;

import org.diffumatting.data.build.SampleRng;

/**
 * A generator of soft-alpha objects with exact (supersampled) alpha. Implementations draw all
 * random parameters from {@code rng} <i>before</i> rendering, in resolution-independent units, so the
 * same rng state rendered with a different {@code ss} gives the same scene (tests rely on it).
 */
public interface ProceduralGenerator {
    /** Short name used in sample ids and the manifest's {@code source} ("procedural-" + name). */
    String name();

    /** Default supersampling rate per axis. */
    int defaultSupersampling();

    Generated generate(int size, int ss, SampleRng rng);
}
