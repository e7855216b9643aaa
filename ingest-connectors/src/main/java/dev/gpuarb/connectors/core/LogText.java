package dev.gpuarb.connectors.core;

/**
 * Text from outside (a provider's error body, a paging link, a model id) made safe for one log
 * line: control characters (C0, DEL, C1), line and paragraph separators and invisible format
 * characters (bidirectional overrides) are written as escapes, so an answer cannot forge log lines
 * or send escape sequences to a terminal that shows the log.
 */
public final class LogText {

    private LogText() {}

    public static String escape(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> unsafe(c) ? String.format("\\u%04x", (int) c) : null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean unsafe(char c) {
        int type = Character.getType(c);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
