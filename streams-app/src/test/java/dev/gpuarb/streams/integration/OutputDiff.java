package dev.gpuarb.streams.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** A short account of how two topics' contents (values per key) differ: whole topics are too long to read. */
final class OutputDiff {

    private static final int MAX_LINES = 10;

    private OutputDiff() {}

    static String describe(Map<String, List<String>> expected, Map<String, List<String>> actual) {
        List<String> lines = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            List<String> want = expected.getOrDefault(key, List.of());
            List<String> got = actual.getOrDefault(key, List.of());
            if (want.equals(got)) {
                continue;
            }
            int i = 0;
            while (i < Math.min(want.size(), got.size()) && Objects.equals(want.get(i), got.get(i))) {
                i++;
            }
            lines.add(String.format(
                    "key %s: %d expected, %d committed; first difference at #%d:%n    expected %s%n    committed %s",
                    key, want.size(), got.size(), i, at(want, i), at(got, i)));
            if (lines.size() == MAX_LINES) {
                lines.add("...");
                break;
            }
        }
        return String.join(System.lineSeparator(), lines);
    }

    private static String at(List<String> values, int i) {
        return i < values.size() ? values.get(i) : "(nothing)";
    }
}
