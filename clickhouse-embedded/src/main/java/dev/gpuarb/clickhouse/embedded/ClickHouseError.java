package dev.gpuarb.clickhouse.embedded;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An error to report the way a ClickHouse server does: a numeric code and a {@code Code: N. DB::Exception: ...} text. */
final class ClickHouseError extends Exception {

    private static final long serialVersionUID = 1L;
    private static final Pattern CODE = Pattern.compile("^\\s*Code:\\s*(\\d+)\\.");

    static final int UNKNOWN_TABLE = 60;
    static final int SYNTAX_ERROR = 62;
    static final int UNKNOWN_SETTING = 115;
    static final int NOT_IMPLEMENTED = 48;
    static final int CANNOT_DECOMPRESS = 271;
    static final int UNKNOWN_EXCEPTION = 1002;
    static final int READONLY = 164;
    static final int ACCESS_DENIED = 497;
    static final int AUTHENTICATION_FAILED = 516;

    private final int code;

    private ClickHouseError(int code, String text) {
        super(text);
        this.code = code;
    }

    /** An error raised by the front itself, worded like the server's. */
    static ClickHouseError of(int code, String message, String name) {
        return new ClickHouseError(code, "Code: " + code + ". DB::Exception: " + message + ". (" + name + ")");
    }

    /** An error text from the engine, which already carries its code in the server's format. */
    static ClickHouseError fromEngine(String text) {
        String t = text == null || text.isBlank() ? "Unknown error" : text.strip();
        Matcher m = CODE.matcher(t);
        if (m.find()) {
            return new ClickHouseError(Integer.parseInt(m.group(1)), t);
        }
        return new ClickHouseError(
                UNKNOWN_EXCEPTION, "Code: " + UNKNOWN_EXCEPTION + ". DB::Exception: " + t + ". (UNKNOWN_EXCEPTION)");
    }

    int code() {
        return code;
    }

    /** The HTTP status a server answers with for this code (the common cases; anything else is 500). */
    int httpStatus() {
        switch (code) {
            case AUTHENTICATION_FAILED:
            case 192: // UNKNOWN_USER
                return 401;
            case READONLY:
            case ACCESS_DENIED:
                return 403;
            case 46: // UNKNOWN_FUNCTION
            case 47: // UNKNOWN_IDENTIFIER
            case 50: // UNKNOWN_TYPE
            case UNKNOWN_TABLE:
            case 81: // UNKNOWN_DATABASE
            case 56: // UNKNOWN_STORAGE
            case 73: // UNKNOWN_FORMAT
                return 404;
            case 159: // TIMEOUT_EXCEEDED
                return 504;
            case NOT_IMPLEMENTED:
                return 501;
            case 6:
            case 25:
            case 26:
            case 27:
            case 32:
            case 33:
            case 38:
            case 41:
            case 53:
            case 69:
            case 70:
            case SYNTAX_ERROR:
            case 72:
            case 117:
            case 36:
            case 43:
            case 42:
            case 44:
            case UNKNOWN_SETTING:
            case 456:
            case 457:
            case 452:
            case CANNOT_DECOMPRESS:
                return 400;
            default:
                return 500;
        }
    }
}
