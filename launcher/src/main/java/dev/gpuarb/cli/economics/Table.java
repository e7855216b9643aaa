package dev.gpuarb.cli.economics;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/** A query answer: column names and rows of text, printed as an aligned table. */
record Table(List<String> columns, List<List<String>> rows) {

    /** Numbers with a fraction are shown to 6 significant digits; everything else as ClickHouse sent it. */
    static String display(String value) {
        if (value.isEmpty() || !(value.contains(".") || value.contains("e") || value.contains("E"))) {
            return value;
        }
        try {
            BigDecimal d = new BigDecimal(value).round(new MathContext(6));
            return d.compareTo(BigDecimal.ZERO) == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return value;
        }
    }

    void print(PrintStream out, String emptyMessage) {
        if (rows.isEmpty()) {
            out.println(emptyMessage);
            return;
        }
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], display(row.get(c)).length());
            }
        }
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            line.append(c == 0 ? "" : "  ").append(String.format("%-" + widths[c] + "s", columns.get(c)));
        }
        out.println(line.toString().stripTrailing());
        for (List<String> row : rows) {
            line.setLength(0);
            for (int c = 0; c < columns.size(); c++) {
                String v = display(row.get(c));
                boolean numeric = !v.isEmpty() && v.matches("-?[0-9.]+");
                String cell = numeric ? String.format("%" + widths[c] + "s", v) : String.format("%-" + widths[c] + "s", v);
                line.append(c == 0 ? "" : "  ").append(cell);
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
