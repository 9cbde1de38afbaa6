package org.diffumatting.data.procedural;

import java.util.Map;
import org.diffumatting.data.image.RgbaImage;

/** A procedural sample: premultiplied RGBA on a transparent canvas, its caption and drawn parameters. */
public record Generated(RgbaImage image, String caption, Map<String, Object> params) {}
