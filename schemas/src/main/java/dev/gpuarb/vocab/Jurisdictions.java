package dev.gpuarb.vocab;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Residency tags of countries and areas, the words route policies use in {@code requiredTags}.
 *
 * <ul>
 *   <li>every country: its ISO 3166 alpha-2 code in lower case ({@code de}, {@code no}, {@code gb});
 *   <li>{@code eu}: the 27 EU member states; {@code eea}: the EU plus Iceland, Liechtenstein, Norway;
 *   <li>{@code gdpr}: where the GDPR applies, the EEA, and the United Kingdom (its UK GDPR is the
 *       same text kept in UK law, and the EU recognises it as adequate);
 *   <li>{@code uk}: the United Kingdom (whose ISO code is {@code gb}); {@code us}: the United States;
 *   <li>{@code apac}: Asia-Pacific countries (East, South-East and South Asia, Australia, New Zealand).
 * </ul>
 * Switzerland is neither EU nor EEA and has its own data protection law, so it gets only {@code ch}:
 * a policy that needs the GDPR does not get it. Turkey, Israel, the Gulf states and the rest of the
 * world get their country code only.
 */
public final class Jurisdictions {

    public static final String EU = "eu";
    public static final String EEA = "eea";
    public static final String GDPR = "gdpr";
    public static final String UK = "uk";
    public static final String US = "us";
    public static final String APAC = "apac";

    /** The tags that are not country codes. */
    public static final Set<String> AREA_TAGS = Set.of(EU, EEA, GDPR, UK, US, APAC);

    static final Set<String> EU_MEMBERS = Set.of(
            "at", "be", "bg", "hr", "cy", "cz", "dk", "ee", "fi", "fr", "de", "gr", "hu", "ie", "it", "lv", "lt", "lu",
            "mt", "nl", "pl", "pt", "ro", "sk", "si", "es", "se");
    static final Set<String> EEA_OUTSIDE_EU = Set.of("is", "li", "no");
    static final Set<String> ASIA_PACIFIC = Set.of(
            "au", "bd", "cn", "hk", "id", "in", "jp", "kh", "kr", "lk", "mn", "mo", "my", "np", "nz", "ph", "pk", "sg",
            "th", "tw", "vn");
    private static final String UNITED_KINGDOM = "gb";
    private static final Set<String> ISO_COUNTRIES = isoCountries();

    private Jurisdictions() {}

    /** The residency of a country by its ISO 3166 alpha-2 code (any case); empty for anything else. */
    public static Optional<Residency> ofCountry(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String c = code.trim().toLowerCase(Locale.ROOT);
        if (!ISO_COUNTRIES.contains(c)) {
            return Optional.empty();
        }
        List<String> tags = new ArrayList<>();
        tags.add(c);
        String jurisdiction = c;
        if (EU_MEMBERS.contains(c)) {
            jurisdiction = EU;
            tags.addAll(List.of(EU, EEA, GDPR));
        } else if (EEA_OUTSIDE_EU.contains(c)) {
            jurisdiction = EEA;
            tags.addAll(List.of(EEA, GDPR));
        } else if (c.equals(UNITED_KINGDOM)) {
            jurisdiction = UK;
            tags.addAll(List.of(UK, GDPR));
        } else if (ASIA_PACIFIC.contains(c)) {
            tags.add(APAC);
        }
        // The US country code is already the "us" tag.
        return Optional.of(new Residency(c, jurisdiction, tags));
    }

    /**
     * The residency of an area a source names instead of a country ({@code eu}, {@code us}, {@code uk},
     * {@code apac}): the area's tags without a country. Empty for anything else.
     */
    public static Optional<Residency> ofArea(String area) {
        if (area == null) {
            return Optional.empty();
        }
        return switch (area.trim().toLowerCase(Locale.ROOT)) {
            case EU -> Optional.of(new Residency(null, EU, List.of(EU, EEA, GDPR)));
            case UK -> Optional.of(new Residency(null, UK, List.of(UK, GDPR)));
            case US -> Optional.of(new Residency(null, US, List.of(US)));
            case APAC -> Optional.of(new Residency(null, APAC, List.of(APAC)));
            default -> Optional.empty();
        };
    }

    /** Whether a policy tag speaks of residency (an area tag or a country code), any case. */
    public static boolean isResidencyTag(CharSequence tag) {
        if (tag == null) {
            return false;
        }
        String t = tag.toString().trim().toLowerCase(Locale.ROOT);
        return AREA_TAGS.contains(t) || ISO_COUNTRIES.contains(t);
    }

    /** Whether an offer's tags say anything about its residency; offers without any never meet a residency requirement. */
    public static boolean hasResidency(Collection<? extends CharSequence> tags) {
        return tags != null && tags.stream().anyMatch(Jurisdictions::isResidencyTag);
    }

    private static Set<String> isoCountries() {
        Set<String> codes = new java.util.HashSet<>();
        for (String c : Locale.getISOCountries()) {
            codes.add(c.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(codes);
    }
}
