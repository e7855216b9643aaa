package dev.gpuarb.cli.live;

/**
 * Text from providers and producers made safe to print on a terminal: control characters (escape
 * sequences could move the cursor, rewrite earlier lines or set the window title) and Unicode
 * direction overrides (which reorder what is shown) are printed as visible {@code \\uXXXX} escapes.
 */
public final class TerminalText {

    private TerminalText() {}

    public static String safe(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c) // C0, DEL, C1 (CSI is U+009B)
                || (c >= '\u202a' && c <= '\u202e') // embeddings and overrides
                || (c >= '\u2066' && c <= '\u2069'); // isolates
    }
}
