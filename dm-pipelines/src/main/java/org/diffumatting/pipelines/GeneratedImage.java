package org.diffumatting.pipelines;

import org.diffumatting.matting.AlphaMap;
import org.diffumatting.matting.RgbImage;

/**
 * One generated sample.
 *
 * @param index       i, the image's number in the request (prompt-major)
 * @param prompt      its prompt
 * @param seed        its seed (request seed + i)
 * @param green       the decoded image: the object on the green canvas, RGB in [0, 1]
 * @param alpha       alpha matte in [0, 1]
 * @param foreground  green-free foreground colour F (straight, meaningful where alpha &gt; 0)
 * @param alphaSource {@link #MATTING_HEAD} or {@link #CHROMA_KEY} (folder without a matting head)
 */
public record GeneratedImage(int index, String prompt, long seed, RgbImage green, AlphaMap alpha, RgbImage foreground,
                             String alphaSource) {
    public static final String MATTING_HEAD = "matting_head";
    public static final String CHROMA_KEY = "chroma_key";
}
