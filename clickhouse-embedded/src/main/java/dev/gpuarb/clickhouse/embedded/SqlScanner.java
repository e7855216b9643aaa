package dev.gpuarb.clickhouse.embedded;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Just enough of ClickHouse's lexer to split a request the way the server does: where an INSERT's
 * inline data begins and in which format, which output format a query names, and whether the text
 * holds more than one statement. It skips string literals, quoted identifiers, heredocs and
 * comments so that keywords and semicolons inside them do not count. It works on bytes because
 * insert data after the statement may be binary.
 */
final class SqlScanner {

    enum Kind {
        /** Anything that is not an INSERT with data: run as one query. */
        QUERY,
        /** An INSERT whose data follows (inline after FORMAT/VALUES, or in the body). */
        INSERT,
        /** The buffer ended inside the statement; read more and scan again. */
        INCOMPLETE
    }

    /** What the scan found. Offsets index the scanned buffer. */
    record Statement(Kind kind, String firstKeyword, boolean multiple, int headEnd, String insertFormat,
                     int dataStart, String outputFormat, boolean temporary) {
    }

    private final byte[] buf;
    private final int len;
    private final boolean complete;
    private int pos;

    // current token
    private int tokStart;
    private int tokEnd;
    private char tokType; // 'w' word, 's' string/quoted, '(' open, ')' close, ';', 'o' other, 'E' end, 'I' incomplete

    private SqlScanner(byte[] buf, int len, boolean complete) {
        this.buf = buf;
        this.len = len;
        this.complete = complete;
    }

    /**
     * @param complete whether {@code buf[0..len)} is the whole text; when not, a statement that may
     *                 continue past the buffer is reported as {@link Kind#INCOMPLETE}
     */
    static Statement scan(byte[] buf, int len, boolean complete) {
        return new SqlScanner(buf, len, complete).run();
    }

    static Statement scan(String sql) {
        byte[] b = sql.getBytes(StandardCharsets.UTF_8);
        return scan(b, b.length, true);
    }

    private Statement run() {
        next();
        if (tokType == 'I') {
            return incomplete();
        }
        String first = tokType == 'w' ? word() : "";
        if (first.equals("INSERT")) {
            return scanInsert(first);
        }
        return scanQuery(first);
    }

    private Statement incomplete() {
        return new Statement(Kind.INCOMPLETE, "", false, -1, null, -1, null, false);
    }

    private Statement scanQuery(String first) {
        int depth = 0;
        boolean multiple = false;
        boolean temporary = false;
        String outputFormat = null;
        int wordIndex = 0;
        while (tokType != 'E') {
            if (tokType == 'I') {
                return incomplete();
            }
            if (tokType == '(') {
                depth++;
            } else if (tokType == ')') {
                depth = Math.max(0, depth - 1);
            } else if (tokType == ';' && depth == 0) {
                next();
                while (tokType == ';') {
                    next();
                }
                if (tokType == 'I') {
                    return incomplete();
                }
                if (tokType != 'E') {
                    multiple = true;
                }
                continue;
            } else if (tokType == 'w') {
                wordIndex++;
                String w = word();
                if (wordIndex == 2 && first.equals("CREATE") && w.equals("TEMPORARY")) {
                    temporary = true;
                }
                if (depth == 0 && w.equals("FORMAT")) {
                    next();
                    if (tokType == 'w' || tokType == 's') {
                        String name = tokenText(tokType == 's');
                        next();
                        if (tokType == 'E' || tokType == ';' || (tokType == 'w' && word().equals("SETTINGS"))) {
                            outputFormat = name;
                        }
                    }
                    continue;
                }
            }
            next();
        }
        return new Statement(Kind.QUERY, first, multiple, len, null, -1, outputFormat, temporary);
    }

    private Statement scanInsert(String first) {
        int depth = 0;
        next();
        while (true) {
            switch (tokType) {
                case 'I':
                    return incomplete();
                case 'E':
                    if (!complete) {
                        return incomplete();
                    }
                    return new Statement(Kind.INSERT, first, false, len, null, -1, null, false);
                case '(':
                    depth++;
                    break;
                case ')':
                    depth = Math.max(0, depth - 1);
                    break;
                case ';':
                    if (depth == 0) {
                        int semicolon = tokStart;
                        next();
                        while (tokType == ';') {
                            next();
                        }
                        if (tokType == 'I' || (tokType == 'E' && !complete)) {
                            return incomplete();
                        }
                        return new Statement(Kind.INSERT, first, tokType != 'E', semicolon, null, -1, null, false);
                    }
                    break;
                case 'w':
                    if (depth == 0) {
                        String w = word();
                        if (w.equals("SELECT") || w.equals("WITH")) {
                            // INSERT ... SELECT carries no data: an ordinary query.
                            pos = 0;
                            next();
                            return scanQuery(first);
                        }
                        if (w.equals("VALUES")) {
                            return new Statement(Kind.INSERT, first, false, tokStart, "Values", tokEnd, null, false);
                        }
                        if (w.equals("FORMAT")) {
                            int headEnd = tokStart;
                            next();
                            if (tokType == 'I') {
                                return incomplete();
                            }
                            if (tokType != 'w' && tokType != 's') {
                                // Let the engine report the syntax error.
                                return new Statement(Kind.QUERY, first, false, len, null, -1, null, false);
                            }
                            String format = tokenText(tokType == 's');
                            int dataStart = dataStartAfter(tokEnd);
                            if (dataStart < 0) {
                                return incomplete();
                            }
                            return new Statement(Kind.INSERT, first, false, headEnd, format, dataStart, null, false);
                        }
                    }
                    break;
                default:
                    break;
            }
            next();
        }
    }

    /**
     * The server's rule: data starts after the first newline following the format name, or after
     * the blanks when there is no newline. A ';' right after the name means there is no inline data.
     */
    private int dataStartAfter(int p) {
        while (p < len && (buf[p] == ' ' || buf[p] == '\t' || buf[p] == '\f')) {
            p++;
        }
        if (p >= len) {
            return complete ? len : -1;
        }
        if (buf[p] == '\r') {
            p++;
            if (p >= len && !complete) {
                return -1;
            }
        }
        if (p < len && buf[p] == '\n') {
            p++;
        } else if (p < len && buf[p] == ';') {
            return len;
        }
        return p;
    }

    private String word() {
        return new String(buf, tokStart, tokEnd - tokStart, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
    }

    private String tokenText(boolean quoted) {
        if (quoted) {
            return new String(buf, tokStart + 1, tokEnd - tokStart - 2, StandardCharsets.UTF_8);
        }
        return new String(buf, tokStart, tokEnd - tokStart, StandardCharsets.UTF_8);
    }

    private static boolean isWordByte(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
    }

    /** Advances to the next token, skipping blanks and comments. */
    private void next() {
        while (true) {
            while (pos < len && isBlank(buf[pos])) {
                pos++;
            }
            if (pos >= len) {
                tokStart = tokEnd = len;
                tokType = 'E';
                return;
            }
            int c = buf[pos] & 0xFF;
            if (c == '-' && pos + 1 < len && buf[pos + 1] == '-') {
                if (!skipToLineEnd()) {
                    return;
                }
                continue;
            }
            if (c == '#' && pos + 1 < len && (buf[pos + 1] == ' ' || buf[pos + 1] == '!')) {
                if (!skipToLineEnd()) {
                    return;
                }
                continue;
            }
            if (c == '/' && pos + 1 < len && buf[pos + 1] == '*') {
                int end = indexOf("*/", pos + 2);
                if (end < 0) {
                    markIncompleteOrEnd();
                    return;
                }
                pos = end + 2;
                continue;
            }
            if (!complete && (c == '-' || c == '/' || c == '#') && pos + 1 >= len) {
                // Could be the start of a comment cut at the buffer's end.
                tokType = 'I';
                return;
            }
            break;
        }
        tokStart = pos;
        int c = buf[pos] & 0xFF;
        if (c == '\'' || c == '"' || c == '`') {
            int end = closingQuote(pos + 1, (byte) c);
            if (end < 0) {
                markIncompleteOrEnd();
                return;
            }
            pos = end + 1;
            tokEnd = pos;
            tokType = 's';
            return;
        }
        if (c == '$') {
            int tagEnd = pos + 1;
            while (tagEnd < len && isWordByte(buf[tagEnd] & 0xFF)) {
                tagEnd++;
            }
            if (tagEnd < len && buf[tagEnd] == '$') {
                String tag = new String(buf, pos, tagEnd - pos + 1, StandardCharsets.ISO_8859_1);
                int end = indexOf(tag, tagEnd + 1);
                if (end < 0) {
                    markIncompleteOrEnd();
                    return;
                }
                pos = end + tag.length();
                tokEnd = pos;
                tokType = 's';
                return;
            }
            if (tagEnd >= len && !complete) {
                tokType = 'I';
                return;
            }
        }
        if (isWordByte(c)) {
            while (pos < len && isWordByte(buf[pos] & 0xFF)) {
                pos++;
            }
            tokEnd = pos;
            if (tokEnd >= len && !complete) {
                tokType = 'I'; // the word may continue in data not read yet
                return;
            }
            tokType = (c >= '0' && c <= '9') ? 'o' : 'w';
            return;
        }
        pos++;
        tokEnd = pos;
        if (c == '(' || c == '[' || c == '{') {
            tokType = '(';
        } else if (c == ')' || c == ']' || c == '}') {
            tokType = ')';
        } else if (c == ';') {
            tokType = ';';
        } else {
            tokType = 'o';
        }
    }

    private boolean skipToLineEnd() {
        while (pos < len && buf[pos] != '\n') {
            pos++;
        }
        if (pos >= len) {
            markIncompleteOrEnd();
            return false;
        }
        return true;
    }

    private void markIncompleteOrEnd() {
        if (complete) {
            pos = len;
            tokStart = tokEnd = len;
            tokType = 'E';
        } else {
            tokType = 'I';
        }
    }

    private int closingQuote(int p, byte quote) {
        while (p < len) {
            byte b = buf[p];
            if (b == '\\') {
                p += 2;
                continue;
            }
            if (b == quote) {
                if (p + 1 < len && buf[p + 1] == quote) {
                    p += 2; // doubled quote
                    continue;
                }
                if (p + 1 >= len && !complete) {
                    return -1; // could be the first of a doubled quote
                }
                return p;
            }
            p++;
        }
        return -1;
    }

    private int indexOf(String s, int from) {
        byte[] needle = s.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = from; i + needle.length <= len; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == 0x0B;
    }
}
