package dev.gpuarb.vocab;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Currency;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Conversion of published prices to USD with a fixed rate table.
 *
 * <p>Fixed on purpose: price comparisons across providers must be reproducible, and a live FX feed
 * would make yesterday's spreads change when replayed. The defaults are round mid-market rates
 * (USD per one unit) as of {@link #AS_OF}; deployments that need other rates pass overrides. A code
 * that is not ISO 4217, or has no rate, is unknown, and callers reject the price rather than guess.
 *
 * <p>This is the project's one rate table: the connectors ({@code currency.usd.rates}) and the
 * Streams app ({@code gpuarb.fx.<CCY>}) both start from it and only override single rates, so two
 * stages never convert the same price with different defaults.
 */
public final class CurrencyRates {

    /**
     * When the default rates held. They were first written down as round "late 2025" mid-market
     * rates without a day; 1 December 2025 stands for that. A refresh of the table moves this date
     * with it; the READMEs quote it.
     */
    public static final LocalDate AS_OF = LocalDate.of(2025, 12, 1);

    /** USD per one unit of the currency. */
    public static final Map<String, Double> DEFAULT_USD_PER_UNIT = Map.ofEntries(
            Map.entry("USD", 1.0),
            Map.entry("EUR", 1.16),
            Map.entry("GBP", 1.32),
            Map.entry("CHF", 1.25),
            Map.entry("CAD", 0.72),
            Map.entry("AUD", 0.65),
            Map.entry("JPY", 0.0066),
            Map.entry("CNY", 0.14),
            Map.entry("INR", 0.0113),
            Map.entry("KRW", 0.00070),
            Map.entry("SGD", 0.77),
            Map.entry("SEK", 0.105),
            Map.entry("NOK", 0.099),
            Map.entry("DKK", 0.155),
            Map.entry("PLN", 0.27),
            Map.entry("BRL", 0.19),
            Map.entry("TWD", 0.032));

    private final Map<String, Double> usdPerUnit;

    private CurrencyRates(Map<String, Double> usdPerUnit) {
        this.usdPerUnit = Collections.unmodifiableMap(usdPerUnit);
    }

    public static CurrencyRates defaults() {
        return new CurrencyRates(new HashMap<>(DEFAULT_USD_PER_UNIT));
    }

    /** The defaults with some rates replaced or added; codes must be ISO 4217 and rates positive. */
    public static CurrencyRates withOverrides(Map<String, Double> overrides) {
        Map<String, Double> rates = new HashMap<>(DEFAULT_USD_PER_UNIT);
        overrides.forEach((code, rate) -> {
            String iso = code.trim().toUpperCase(Locale.ROOT);
            if (!isIsoCode(iso)) {
                throw new IllegalArgumentException("not an ISO 4217 currency code: " + code);
            }
            if (rate == null || !(rate > 0) || rate.isInfinite()) {
                throw new IllegalArgumentException("rate for " + code + " must be positive, was " + rate);
            }
            rates.put(iso, rate);
        });
        return new CurrencyRates(rates);
    }

    /**
     * Parses overrides written as {@code EUR=1.08,GBP=1.27} (the form used in connector configs).
     */
    public static CurrencyRates parse(String overrides) {
        Map<String, Double> parsed = new HashMap<>();
        if (overrides != null) {
            for (String pair : overrides.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                String[] kv = pair.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("expected CODE=rate, got '" + pair.trim() + "'");
                }
                parsed.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
            }
        }
        return withOverrides(parsed);
    }

    public static boolean isIsoCode(String code) {
        if (code == null || code.length() != 3) {
            return false;
        }
        try {
            Currency.getInstance(code.toUpperCase(Locale.ROOT));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the code is known here (ISO 4217 and has a rate). */
    public boolean isKnown(String code) {
        return code != null && usdPerUnit.containsKey(code.trim().toUpperCase(Locale.ROOT));
    }

    /** The amount in USD, or empty when the currency is unknown. */
    public Optional<Double> toUsd(double amount, String code) {
        if (code == null) {
            return Optional.empty();
        }
        Double rate = usdPerUnit.get(code.trim().toUpperCase(Locale.ROOT));
        return rate == null ? Optional.empty() : Optional.of(amount * rate);
    }

    public Map<String, Double> rates() {
        return usdPerUnit;
    }
}
