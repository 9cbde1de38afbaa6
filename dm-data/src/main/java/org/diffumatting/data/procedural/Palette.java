package org.diffumatting.data.procedural;

import java.util.List;
import org.diffumatting.data.build.SampleRng;

/** Named colours for procedural objects, so captions name the colour actually drawn. */
public record Palette(String name, float r, float g, float b) {

    public float[] rgb() {
        return new float[] {r, g, b};
    }

    /** This colour with lightness scaled by {@code k} (clamped). */
    public float[] shade(double k) {
        return new float[] {clamp(r * k), clamp(g * k), clamp(b * k)};
    }

    /** This colour mixed with white by {@code t} in [0, 1]. */
    public float[] tint(double t) {
        return new float[] {(float) (r + (1 - r) * t), (float) (g + (1 - g) * t), (float) (b + (1 - b) * t)};
    }

    static float clamp(double v) {
        return (float) Math.max(0, Math.min(1, v));
    }

    public static final List<Palette> HAIR = List.of(new Palette("black", 0.06f, 0.05f, 0.05f),
            new Palette("dark brown", 0.23f, 0.14f, 0.08f), new Palette("brown", 0.42f, 0.27f, 0.15f),
            new Palette("blonde", 0.86f, 0.72f, 0.45f), new Palette("auburn", 0.55f, 0.22f, 0.10f),
            new Palette("grey", 0.62f, 0.62f, 0.64f), new Palette("ginger", 0.80f, 0.40f, 0.14f),
            new Palette("white", 0.93f, 0.92f, 0.90f), new Palette("pink", 0.93f, 0.55f, 0.70f));

    public static final List<Palette> FEATHER = List.of(new Palette("white", 0.95f, 0.95f, 0.93f),
            new Palette("grey", 0.55f, 0.56f, 0.60f), new Palette("brown", 0.45f, 0.30f, 0.18f),
            new Palette("blue", 0.20f, 0.40f, 0.85f), new Palette("black", 0.08f, 0.08f, 0.10f),
            new Palette("red", 0.80f, 0.15f, 0.12f), new Palette("yellow", 0.95f, 0.80f, 0.20f),
            new Palette("pink", 0.95f, 0.60f, 0.75f));

    public static final List<Palette> SMOKE = List.of(new Palette("white", 0.96f, 0.96f, 0.97f),
            new Palette("grey", 0.55f, 0.55f, 0.57f), new Palette("dark grey", 0.25f, 0.25f, 0.27f),
            new Palette("black", 0.08f, 0.08f, 0.09f), new Palette("blue", 0.45f, 0.60f, 0.90f),
            new Palette("purple", 0.60f, 0.40f, 0.80f), new Palette("orange", 0.95f, 0.60f, 0.25f));

    public static final List<Palette> GLASS = List.of(new Palette("clear", 0.90f, 0.95f, 0.98f),
            new Palette("blue", 0.55f, 0.75f, 0.95f), new Palette("amber", 0.90f, 0.65f, 0.25f),
            new Palette("pink", 0.95f, 0.70f, 0.85f), new Palette("purple", 0.70f, 0.55f, 0.90f),
            new Palette("teal", 0.45f, 0.85f, 0.80f));

    public static final List<Palette> WIRE = List.of(new Palette("copper", 0.78f, 0.45f, 0.25f),
            new Palette("silver", 0.75f, 0.76f, 0.78f), new Palette("black", 0.07f, 0.07f, 0.08f),
            new Palette("gold", 0.85f, 0.68f, 0.25f), new Palette("red", 0.80f, 0.12f, 0.10f),
            new Palette("blue", 0.15f, 0.30f, 0.80f));

    public static final List<Palette> LACE = List.of(new Palette("white", 0.97f, 0.97f, 0.96f),
            new Palette("cream", 0.96f, 0.92f, 0.80f), new Palette("black", 0.08f, 0.08f, 0.08f),
            new Palette("ivory", 0.99f, 0.97f, 0.90f), new Palette("red", 0.75f, 0.10f, 0.15f));

    public static Palette pick(List<Palette> list, SampleRng rng) {
        return list.get(rng.nextInt(list.size()));
    }

    /** "a" or "an" before a word. */
    public static String article(String word) {
        return "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an" : "a";
    }
}
