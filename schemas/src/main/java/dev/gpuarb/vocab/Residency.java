package dev.gpuarb.vocab;

import java.util.List;

/**
 * Where an offer's data is processed, as far as its region says.
 *
 * @param country ISO 3166 alpha-2 code in lower case ({@code de}, {@code gb}); null when only an area
 *                is known (a source that says "EU" without a country)
 * @param jurisdiction the legal area that governs the data: {@code eu} for EU members, {@code eea} for
 *                     the EEA states outside the EU, {@code uk}, {@code us}, else the country code
 * @param tags what route policies can require: see {@link Jurisdictions}
 */
public record Residency(String country, String jurisdiction, List<String> tags) {

    public Residency {
        tags = List.copyOf(tags);
    }
}
