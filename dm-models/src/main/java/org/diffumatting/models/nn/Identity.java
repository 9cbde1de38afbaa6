package org.diffumatting.models.nn;

/**
 * A parameterless placeholder that keeps upstream child indices (e.g. the dropout at
 * {@code ff.net.1} or {@code to_out.1}); inference and our training use dropout 0, so it is the identity.
 */
public final class Identity extends DmModule {
}
