package dev.gpuarb.clickhouse.embedded;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Just enough of ClickHouse's lexer to split a request the way the server does: where an INSERT's
 * inline data begins and in which format, which output format a query names, and whether the text
 * holds more than one statement. It skips string literals, quoted identifiers, heredocs and
 * comments exactly where ClickHouse's lexer does ({@code --}, {@code //}, {@code # } and
 * {@code #!} to the end of the line, nested {@code /* *}{@code /}, {@code $tag$} heredocs), so that
 * keywords and semicolons inside them do not count and none outside them is missed: the engine
 * runs every statement it finds, and a second one must never slip past the check. It works on
 * bytes because insert data after the statement may be binary.
 *
 * <p>It also names what the front refuses ({@link Statement#forbidden()}): what chDB's client layer
 * does outside the engine's access control ({@code INTO OUTFILE}, {@code FROM INFILE}, the
 * {@code \i} command, the scalar {@code file()}), custom disks, {@code ATTACH}, and calls of table
 * functions and engines that reach files or the network, spelled in any case, quoted or not.
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

    /**
     * What the scan found. Offsets index the scanned buffer.
     *
     * @param forbidden why the front must not run this text, or null
     */
    record Statement(
            Kind kind,
            String firstKeyword,
            boolean multiple,
            int headEnd,
            String insertFormat,
            int dataStart,
            String outputFormat,
            boolean temporary,
            String forbidden) {}

    /**
     * Table functions, table and database engines, and functions that read or write files or reach
     * the network. The engine's grants refuse most of them already (see {@code EngineProcess}); this
     * list also covers those that chDB does not check (the scalar {@code file()}, {@code disk()},
     * {@code FileLog}, {@code EmbeddedRocksDB}'s directory, {@code eval}'s query text).
     */
    private static final Set<String> OUTSIDE_CALLS = Set.of(
            "file",
            "filecluster",
            "filesystem",
            "filelog",
            "url",
            "urlcluster",
            "s3",
            "s3cluster",
            "s3queue",
            "gcs",
            "oss",
            "cosn",
            "hdfs",
            "hdfscluster",
            "hive",
            "azureblobstorage",
            "azureblobstoragecluster",
            "azurequeue",
            "remote",
            "remotesecure",
            "cluster",
            "clusterallreplicas",
            "distributed",
            "mysql",
            "materializedmysql",
            "postgresql",
            "materializedpostgresql",
            "externaldistributed",
            "sqlite",
            "mongodb",
            "redis",
            "jdbc",
            "odbc",
            "executable",
            "executablepool",
            "kafka",
            "rabbitmq",
            "nats",
            "ytsaurus",
            "arrowflight",
            "datalakecatalog",
            "backup",
            "disk",
            "embeddedrocksdb",
            "catboostevaluate",
            "eval",
            // dictionary sources
            "http",
            "clickhouse",
            "cassandra",
            "yamlregexptree");

    private static final List<String> OUTSIDE_CALL_PREFIXES = List.of("iceberg", "deltalake", "hudi", "paimon");

    private final byte[] buf;
    private final int len;
    private final boolean complete;
    private int pos;

    // current token
    private int tokStart;
    private int tokEnd;
    private char tokType; // 'w' word, 's' string/quoted, '(' open, ')' close, ';', 'o' other, 'E' end, 'I' incomplete

    // what the previous significant token was, for the checks in observe()
    private String prevWord = "";
    private String prevCallee; // a word or quoted identifier that a '(' would make a call
    private boolean afterEngine;
    private String forbidden;

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
        return new Statement(Kind.INCOMPLETE, "", false, -1, null, -1, null, false, null);
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
        return new Statement(Kind.QUERY, first, multiple, len, null, -1, outputFormat, temporary, forbidden);
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
                    return new Statement(Kind.INSERT, first, false, len, null, -1, null, false, forbidden);
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
                        return new Statement(
                                Kind.INSERT, first, tokType != 'E', semicolon, null, -1, null, false, forbidden);
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
                            return new Statement(
                                    Kind.INSERT, first, false, tokStart, "Values", tokEnd, null, false, forbidden);
                        }
                        if (w.equals("FORMAT")) {
                            int headEnd = tokStart;
                            next();
                            if (tokType == 'I') {
                                return incomplete();
                            }
                            if (tokType != 'w' && tokType != 's') {
                                // Let the engine report the syntax error.
                                return new Statement(Kind.QUERY, first, false, len, null, -1, null, false, forbidden);
                            }
                            String format = tokenText(tokType == 's');
                            int dataStart = dataStartAfter(tokEnd);
                            if (dataStart < 0) {
                                return incomplete();
                            }
                            return new Statement(
                                    Kind.INSERT, first, false, headEnd, format, dataStart, null, false, forbidden);
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

    /** ClickHouse's word characters: ASCII letters, digits and '_' (bytes of other UTF-8 characters are not). */
    private static boolean isWordByte(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Advances to the next token, skipping blanks and comments, and checks it (see {@link #observe()}). */
    private void next() {
        lex();
        if (tokType != 'I') {
            observe();
        }
    }

    /** One token, as ClickHouse's lexer (Parsers/Lexer.cpp) delimits it. */
    private void lex() {
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
            boolean hasNext = pos + 1 < len;
            if (!complete && !hasNext && (c == '-' || c == '/' || c == '#')) {
                // Could be the start of a comment cut at the buffer's end.
                tokType = 'I';
                return;
            }
            if ((c == '-' && hasNext && buf[pos + 1] == '-')
                    || (c == '/' && hasNext && buf[pos + 1] == '/')
                    || (c == '#' && hasNext && (buf[pos + 1] == ' ' || buf[pos + 1] == '!'))) {
                if (!skipToLineEnd()) {
                    return;
                }
                continue;
            }
            if (c == '/' && hasNext && buf[pos + 1] == '*') {
                if (!skipNestedComment()) {
                    return;
                }
                continue;
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
        if ((c == 'x' || c == 'X' || c == 'b' || c == 'B') && pos + 1 < len && buf[pos + 1] == '\'') {
            if (pos + 2 >= len && !complete) {
                tokType = 'I';
                return;
            }
            if (pos + 2 < len) {
                lexHexOrBinString(c == 'x' || c == 'X');
                return;
            }
        }
        if (c == '$') {
            if (lexHeredoc()) {
                return;
            }
            if (tokType == 'I') {
                return;
            }
            if (pos + 1 >= len || !isWordByte(buf[pos + 1] & 0xFF)) {
                pos++;
                tokEnd = pos;
                tokType = 'o'; // a lone dollar sign
                return;
            }
        }
        if (isWordByte(c) || c == '$') {
            while (pos < len && (isWordByte(buf[pos] & 0xFF) || buf[pos] == '$')) {
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

    /**
     * A heredoc: the tag is everything from this '$' to the next one, and the text runs to the tag's
     * next occurrence. Without one the '$' starts an ordinary word, as in the engine.
     */
    private boolean lexHeredoc() {
        int tagEnd = pos + 1;
        while (tagEnd < len && buf[tagEnd] != '$') {
            tagEnd++;
        }
        if (tagEnd < len) {
            String tag = new String(buf, pos, tagEnd - pos + 1, StandardCharsets.ISO_8859_1);
            int end = indexOf(tag, tagEnd + 1);
            if (end >= 0) {
                pos = end + tag.length();
                tokEnd = pos;
                tokType = 's';
                return true;
            }
        }
        if (!complete) {
            tokType = 'I'; // the closing tag (or the tag's end) may come later
        }
        return false;
    }

    /** x'..' or b'..': hex or binary digits only, no escapes; anything else ends the text as an error. */
    private void lexHexOrBinString(boolean hex) {
        int p = pos + 2;
        while (p < len && (hex ? isHexDigit(buf[p] & 0xFF) : (buf[p] == '0' || buf[p] == '1'))) {
            p++;
        }
        if (p >= len || buf[p] != '\'') {
            if (p >= len && !complete) {
                tokType = 'I';
                return;
            }
            pos = len; // the engine's lexer gives up on the rest of the text here
            tokStart = tokEnd = len;
            tokType = 'E';
            return;
        }
        pos = p + 1;
        tokEnd = pos;
        tokType = 's';
    }

    private boolean skipNestedComment() {
        int p = pos + 2;
        int depth = 1;
        while (p + 2 <= len) {
            if (buf[p] == '/' && buf[p + 1] == '*') {
                p += 2;
                depth++;
            } else if (buf[p] == '*' && buf[p + 1] == '/') {
                p += 2;
                if (--depth == 0) {
                    pos = p;
                    return true;
                }
            } else {
                p++;
            }
        }
        markIncompleteOrEnd();
        return false;
    }

    /**
     * Remembers what the front must refuse: a client command, a file clause, ATTACH, or a call of
     * something on {@link #OUTSIDE_CALLS}. Names compare case-insensitively, which refuses more than
     * the engine would run.
     */
    private void observe() {
        if (tokType == 'E') {
            return;
        }
        boolean firstToken = prevWord.isEmpty() && prevCallee == null;
        if (tokType == 'o' && buf[tokStart] == '\\' && firstToken) {
            forbid("client commands such as \\i, which runs a file's text");
        }
        if (tokType == 'w') {
            String w = word();
            if (firstToken && w.equals("ATTACH")) {
                forbid("ATTACH (it can take a table's data from any directory)");
            } else if (prevWord.equals("INTO") && w.equals("OUTFILE")) {
                forbid("INTO OUTFILE (it writes a file on this machine)");
            } else if (prevWord.equals("FROM") && w.equals("INFILE")) {
                forbid("FROM INFILE (it reads a file on this machine)");
            }
            if (afterEngine) {
                checkName(w); // an engine without arguments, e.g. ENGINE = Kafka SETTINGS ...
            }
            afterEngine = w.equals("ENGINE");
            prevWord = w;
            prevCallee = tokenText(false);
            return;
        }
        if (tokType == '(' && buf[tokStart] == '(' && prevCallee != null) {
            checkName(prevCallee);
        }
        boolean quotedName = tokType == 's' && (buf[tokStart] == '`' || buf[tokStart] == '"');
        String name = quotedName ? unquotedName() : null;
        if (afterEngine && tokType == 'o' && buf[tokStart] == '=') {
            return; // ENGINE = name
        }
        if (afterEngine && name != null) {
            checkName(name); // an engine without arguments, e.g. ENGINE = Kafka SETTINGS ...
        }
        afterEngine = false;
        prevCallee = name;
        prevWord = "\u0000";
    }

    private String unquotedName() {
        String q = buf[tokStart] == '`' ? "`" : "\"";
        return tokenText(true).replace(q + q, q);
    }

    private void checkName(String callee) {
        String name = callee.toLowerCase(Locale.ROOT);
        if (name.indexOf('\\') >= 0) {
            forbid("an escaped name before '(' or after ENGINE");
        } else if (OUTSIDE_CALLS.contains(name)
                || OUTSIDE_CALL_PREFIXES.stream().anyMatch(name::startsWith)) {
            forbid(callee + " (it reaches files or the network)");
        }
    }

    private void forbid(String what) {
        if (forbidden == null) {
            forbidden = what;
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
