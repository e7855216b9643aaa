package dev.gpuarb.cli.economics;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The names nearest to a mistyped one, by edit distance, to suggest in an error message. */
final class CloseNames {

    private CloseNames() {}

    /** Up to {@code limit} of {@code names}, nearest first (ties in name order). */
    static List<String> closest(String asked, Collection<String> names, int limit) {
        String key = asked.strip().toLowerCase(Locale.ROOT);
        // Provider prefixes ("openrouter/meta-llama/") are not part of any listed name.
        key = key.substring(key.lastIndexOf('/') + 1);
        String target = key;
        return names.stream()
                .sorted(Comparator.<String>comparingInt(name -> distance(target, name))
                        .thenComparing(name -> name))
                .limit(limit)
                .toList();
    }

    /** Levenshtein distance: single-character insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
