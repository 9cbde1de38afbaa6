package org.diffumatting.models.matting;

import org.bytedeco.pytorch.Tensor;

/**
 * Output of the matting head, both at pixel resolution and in [0, 1].
 *
 * @param alpha      alpha matte [B, 1, H, W]
 * @param foreground green-free foreground colour F [B, 3, H, W] (RGB; meaningful where alpha > 0)
 */
public record MattingOutput(Tensor alpha, Tensor foreground) {}
