package org.diffumatting.data.assets;

import java.nio.file.Path;
import java.util.List;

/**
 * One source object (an emoji, a clip-art image, an effect sprite) that augmentations are drawn from.
 *
 * @param id       stable id, unique over all sources, safe as a file stem (e.g. {@code twemoji-1f600})
 * @param source   asset set (source name in sources.json)
 * @param group    split group: objects sharing a group always land in the same split (e.g. the same
 *                 emoji drawn by Twemoji, Fluent and Noto shares {@code emoji-1f600})
 * @param licence  licence id of the file
 * @param file     the SVG or PNG file in the cache
 * @param svg      whether {@code file} is SVG (rasterised with Batik)
 * @param name     natural-language name ("grinning face", "table tennis")
 * @param keywords extra words (emoji short names, sub-category, clip-art folders)
 * @param style    caption style: {@code emoji}, {@code clipart} or {@code sprite}
 * @param copies   augmented samples drawn from this object
 */
public record AssetObject(String id, String source, String group, String licence, Path file, boolean svg,
                          String name, List<String> keywords, String style, int copies) {}
