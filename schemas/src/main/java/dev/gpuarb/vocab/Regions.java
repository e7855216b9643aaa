package dev.gpuarb.vocab;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Region vocabulary. The canonical region id is the provider's own region code in lower case
 * ({@code us-east-1}, {@code eastus}, {@code europe-west4}); free-form locations such as
 * {@code "Hungary, HU, EU"} become lower-case slugs ({@code hungary-hu-eu}).
 */
public final class Regions {

    /** AWS zone ids look like {@code usw2-az1}: a short region code, then the zone number. */
    private static final Pattern AWS_ZONE_ID = Pattern.compile("([a-z]+)(\\d+)-az\\d+");
    /** AWS zone names look like {@code us-east-1a} or local zones {@code us-west-2-lax-1a}. */
    private static final Pattern AWS_ZONE_NAME = Pattern.compile("([a-z]{2}(?:-gov)?-[a-z]+-\\d+)[a-z]");

    private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(?:-gov)?-[a-z]+-\\d+");

    private static final Map<String, String> AREAS = Map.ofEntries(
            Map.entry("us", "us"),
            Map.entry("usg", "us-gov"),
            Map.entry("eu", "eu"),
            Map.entry("ap", "ap"),
            Map.entry("sa", "sa"),
            Map.entry("ca", "ca"),
            Map.entry("me", "me"),
            Map.entry("af", "af"),
            Map.entry("il", "il"),
            Map.entry("mx", "mx"),
            Map.entry("cn", "cn"));
    private static final Map<String, String> DIRECTIONS = Map.of(
            "e",
            "east",
            "w",
            "west",
            "n",
            "north",
            "s",
            "south",
            "c",
            "central",
            "ne",
            "northeast",
            "nw",
            "northwest",
            "se",
            "southeast",
            "sw",
            "southwest");

    private Regions() {}

    /**
     * The AWS region of a zone id ({@code usw2-az1} -> {@code us-west-2}, {@code apne1-az4} ->
     * {@code ap-northeast-1}). The short code is area (2-3 letters) + direction (1-2 letters) +
     * number, so it is decoded rather than listed, which also covers regions opened later.
     */
    public static Optional<String> awsRegionOfZoneId(String zoneId) {
        if (zoneId == null) {
            return Optional.empty();
        }
        Matcher m = AWS_ZONE_ID.matcher(zoneId.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        String letters = m.group(1);
        String number = m.group(2);
        // Try the longest area first so "usgw" reads as us-gov + west.
        for (int areaLength = Math.min(3, letters.length() - 1); areaLength >= 2; areaLength--) {
            String area = AREAS.get(letters.substring(0, areaLength));
            String direction = DIRECTIONS.get(letters.substring(areaLength));
            if (area != null && direction != null) {
                return Optional.of(area + "-" + direction + "-" + number);
            }
        }
        return Optional.empty();
    }

    /** The AWS region of a zone name ({@code us-east-1a}) or zone id ({@code use1-az1}). */
    public static Optional<String> awsRegionOfZone(String zone) {
        if (zone == null) {
            return Optional.empty();
        }
        String z = zone.trim().toLowerCase(Locale.ROOT);
        Matcher name = AWS_ZONE_NAME.matcher(z);
        if (name.lookingAt()) {
            return Optional.of(name.group(1));
        }
        return awsRegionOfZoneId(z);
    }

    /** Whether the text is an AWS region code such as {@code eu-central-1}. */
    public static boolean isAwsRegion(String region) {
        return region != null && AWS_REGION.matcher(region).matches();
    }

    /**
     * A canonical region id from a provider's region text: lower case, runs of anything but
     * letters and digits become one dash. Empty when nothing is left.
     */
    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String slug = raw.trim()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? Optional.empty() : Optional.of(slug);
    }
}
