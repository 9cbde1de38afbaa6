package org.diffumatting.cli.matting;

import java.util.Locale;
import org.diffumatting.common.DmException;
import picocli.CommandLine;

/** Converters for the matting commands' option values. */
public final class CliValues {
    private CliValues() {}

    /**
     * An sRGB colour written {@code R,G,B} with integers 0..255 (e.g. {@code 0,255,0}) or {@code #RRGGBB};
     * converted to floats in [0, 1].
     */
    public record Color(float[] rgb) {
        /** The colour as written on the command line (R,G,B). */
        @Override
        public String toString() {
            return Math.round(rgb[0] * 255) + "," + Math.round(rgb[1] * 255) + "," + Math.round(rgb[2] * 255);
        }
    }

    /** Picocli converter for {@link Color}. */
    public static final class Rgb implements CommandLine.ITypeConverter<Color> {
        @Override
        public Color convert(String value) {
            return new Color(parse(value));
        }

        public static float[] parse(String value) {
            String v = value.trim();
            int[] c = new int[3];
            try {
                if (v.startsWith("#") && v.length() == 7) {
                    int rgb = Integer.parseInt(v.substring(1), 16);
                    c[0] = rgb >> 16 & 0xff;
                    c[1] = rgb >> 8 & 0xff;
                    c[2] = rgb & 0xff;
                } else {
                    String[] parts = v.split(",");
                    if (parts.length != 3) throw new NumberFormatException();
                    for (int i = 0; i < 3; i++) c[i] = Integer.parseInt(parts[i].trim());
                }
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("expected a colour R,G,B (0..255 each) or #RRGGBB, got '" + value + "'");
            }
            for (int x : c)
                if (x < 0 || x > 255)
                    throw new CommandLine.TypeConversionException("colour components must be 0..255, got '" + value + "'");
            return new float[] {c[0] / 255f, c[1] / 255f, c[2] / 255f};
        }
    }

    /** An enum constant from its lower-case, dash-separated name ({@code erode-dilate -> ERODE_DILATE}). */
    public static <E extends Enum<E>> E enumValue(Class<E> type, String value, String option) {
        String key = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) if (e.name().equals(key)) return e;
        StringBuilder names = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (names.length() > 0) names.append(", ");
            names.append(cliName(e));
        }
        throw new DmException(option + ": expected one of " + names + ", got '" + value + "'");
    }

    /** The command-line spelling of an enum constant. */
    public static String cliName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
