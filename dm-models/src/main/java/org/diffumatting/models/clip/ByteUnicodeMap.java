package org.diffumatting.models.clip;

/**
 * GPT-2/CLIP reversible byte-to-unicode table ({@code bytes_to_unicode} in OpenAI CLIP
 * simple_tokenizer.py and transformers tokenization_clip.py): the 188 printable bytes
 * '!'..'~', '¡'..'¬', '®'..'ÿ' map to themselves; the other 68 bytes map, in byte order, to
 * U+0100, U+0101, ... so that BPE never sees whitespace or control characters.
 */
public final class ByteUnicodeMap {
    private static final char[] BYTE_TO_CHAR = build();

    private ByteUnicodeMap() {
    }

    private static char[] build() {
        char[] table = new char[256];
        boolean[] printable = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            printable[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            printable[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            printable[b] = true;
        }
        int next = 0;
        for (int b = 0; b < 256; b++) {
            table[b] = printable[b] ? (char) b : (char) (256 + next++);
        }
        return table;
    }

    /** The unicode character standing for byte {@code b} (0..255). */
    public static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The 256 characters in byte order: the first 256 entries of the CLIP vocabulary. */
    public static char[] alphabet() {
        return BYTE_TO_CHAR.clone();
    }

    /** Maps the UTF-8 bytes of {@code text} to their characters. */
    public static String encode(String text) {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(utf8.length);
        for (byte b : utf8) {
            out.append(BYTE_TO_CHAR[b & 0xFF]);
        }
        return out.toString();
    }
}
