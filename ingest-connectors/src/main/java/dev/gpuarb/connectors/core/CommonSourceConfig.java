package dev.gpuarb.connectors.core;

import dev.gpuarb.topics.Topic;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.FutureEventTimes;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Config keys every gpuarb source connector understands; each connector adds its own. */
public class CommonSourceConfig extends AbstractConfig {

    private static final Logger log = LoggerFactory.getLogger(CommonSourceConfig.class);

    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
    public static final String PRICE_TTL_MS = "price.ttl.ms";
    public static final String BACKOFF_INITIAL_MS = "poll.backoff.initial.ms";
    public static final String BACKOFF_MAX_MS = "poll.backoff.max.ms";
    public static final String HTTP_TIMEOUT_MS = "http.request.timeout.ms";
    public static final String HTTP_TOTAL_TIMEOUT_MS = "http.request.total.timeout.ms";
    public static final String HTTP_ALLOWED_ORIGINS = "http.allowed.origins";
    public static final String HTTP_MAX_RESPONSE_BYTES = "http.max.response.bytes";
    public static final String HTTP_MAX_RETRIES = "http.max.retries";
    public static final String HTTP_RETRY_BACKOFF_INITIAL_MS = "http.retry.backoff.initial.ms";
    public static final String HTTP_RETRY_BACKOFF_MAX_MS = "http.retry.backoff.max.ms";
    public static final String HTTP_REQUESTS_PER_SECOND = "http.requests.per.second";
    public static final String MAX_USD_PER_GPU_HOUR = "price.max.usd.per.gpu.hour";
    public static final String MAX_USD_PER_MILLION_TOKENS = "price.max.usd.per.million.tokens";
    public static final String MAX_FUTURE_SKEW_MS = "price.max.future.skew.ms";
    public static final String CURRENCY_RATES = "currency.usd.rates";
    public static final String TOPIC_GPU = "topic.gpu.prices";
    public static final String TOPIC_TOKENS = "topic.token.prices";
    public static final String TOPIC_REJECTED = "topic.rejected";
    public static final String TOPIC_ENDPOINT_OBSERVATIONS = "topic.endpoint.observations";

    /** {@link #PRICE_TTL_MS}: this many poll intervals unless set. */
    static final int DEFAULT_TTL_POLL_INTERVALS = 3;

    private static final long FROM_POLL_INTERVAL = -1;
    private static final long HALF_THE_TTL = -1;

    private static final String POLLING = "Polling";
    private static final String HTTP = "HTTP";
    private static final String VALIDATION = "Validation";
    private static final String TOPICS = "Topics";

    /** Each entry an absolute http(s) URL with a host and nothing after it but an optional "/". */
    private static final ConfigDef.Validator ORIGINS = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            for (Object entry : (List<?>) value) {
                String text = String.valueOf(entry).trim();
                URI uri;
                try {
                    uri = new URI(text);
                } catch (URISyntaxException e) {
                    throw new ConfigException(name, text, "not a URL: " + e.getReason());
                }
                boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
                boolean bare = (uri.getRawPath() == null
                                || uri.getRawPath().isEmpty()
                                || uri.getRawPath().equals("/"))
                        && uri.getRawQuery() == null
                        && uri.getRawFragment() == null
                        && uri.getRawUserInfo() == null;
                if (!http || uri.getHost() == null || !bare) {
                    throw new ConfigException(
                            name, text, "an origin is scheme://host[:port] with scheme http or https");
                }
            }
        }

        @Override
        public String toString() {
            return "http(s) origins, comma-separated";
        }
    };

    /** The common keys, added to a connector's own definition. */
    public static ConfigDef define(ConfigDef def, long defaultPollIntervalMs) {
        int order = 0;
        def.define(
                POLL_INTERVAL_MS,
                Type.LONG,
                defaultPollIntervalMs,
                Range.atLeast(0),
                Importance.HIGH,
                "Wait between polls of the source once it has nothing more to send.",
                POLLING,
                ++order,
                ConfigDef.Width.SHORT,
                "Poll interval (ms)");
        def.define(
                PRICE_TTL_MS,
                Type.LONG,
                FROM_POLL_INTERVAL,
                Range.atLeast(-1),
                Importance.MEDIUM,
                "How long a sent price stays valid: each price record carries validUntil = the wall-clock time it was "
                        + "sent + this, and consumers drop the offer after it unless a later record confirms it. "
                        + "-1: " + DEFAULT_TTL_POLL_INTERVALS + " x poll.interval.ms; 0: prices never expire "
                        + "(validUntil null).",
                POLLING,
                ++order,
                ConfigDef.Width.SHORT,
                "Price TTL (ms)");
        def.define(
                HEARTBEAT_INTERVAL_MS,
                Type.LONG,
                HALF_THE_TTL,
                Range.atLeast(-1),
                Importance.MEDIUM,
                "Re-send an unchanged price after this long, so that it is confirmed before its TTL runs out. "
                        + "-1: half of price.ttl.ms (0 when prices never expire); 0: never re-send, allowed only with "
                        + "price.ttl.ms=0. Must be shorter than the TTL; a warning is logged when heartbeat + "
                        + "poll.interval.ms is not, as a price may then expire before the poll that re-sends it.",
                POLLING,
                ++order,
                ConfigDef.Width.SHORT,
                "Heartbeat interval (ms)");
        def.define(
                BACKOFF_INITIAL_MS,
                Type.LONG,
                1_000L,
                Range.atLeast(0),
                Importance.LOW,
                "First wait after a failed poll; doubles per consecutive failure, with full jitter.",
                POLLING,
                ++order,
                ConfigDef.Width.SHORT,
                "Poll backoff initial (ms)");
        def.define(
                BACKOFF_MAX_MS,
                Type.LONG,
                300_000L,
                Range.atLeast(0),
                Importance.LOW,
                "Longest wait after failed polls.",
                POLLING,
                ++order,
                ConfigDef.Width.SHORT,
                "Poll backoff max (ms)");
        order = 0;
        def.define(
                HTTP_TIMEOUT_MS,
                Type.LONG,
                30_000L,
                Range.atLeast(1),
                Importance.MEDIUM,
                "Time limit of one HTTP attempt, from connect to the last byte of the body, redirects included; "
                        + "a body still arriving then (however slowly) is cut off and the attempt counts as timed out.",
                HTTP,
                ++order,
                ConfigDef.Width.SHORT,
                "Request timeout (ms)");
        def.define(
                HTTP_TOTAL_TIMEOUT_MS,
                Type.LONG,
                180_000L,
                Range.atLeast(1),
                Importance.LOW,
                "Time limit of one HTTP request with all its retries and the waits between them; no retry starts "
                        + "that could not end within it.",
                HTTP,
                ++order,
                ConfigDef.Width.SHORT,
                "Request total timeout (ms)");
        def.define(
                HTTP_ALLOWED_ORIGINS,
                Type.LIST,
                "",
                ORIGINS,
                Importance.LOW,
                "Origins (scheme://host[:port]) that redirects and paging links may lead to besides the origin of the "
                        + "configured URL they came from; links to any other origin are refused (REFUSED_LINK), not fetched.",
                HTTP,
                ++order,
                ConfigDef.Width.LONG,
                "Allowed origins");
        def.define(
                HTTP_MAX_RESPONSE_BYTES,
                Type.LONG,
                64L * 1024 * 1024,
                Range.atLeast(1),
                Importance.LOW,
                "Largest response body or file accepted; larger ones are rejected (RESPONSE_TOO_LARGE).",
                HTTP,
                ++order,
                ConfigDef.Width.SHORT,
                "Max response bytes");
        def.define(
                HTTP_MAX_RETRIES,
                Type.INT,
                4,
                Range.atLeast(0),
                Importance.LOW,
                "Retries of one request after 429, 5xx, timeouts or connection errors; other 4xx answers fail at once.",
                HTTP,
                ++order,
                ConfigDef.Width.SHORT,
                "Max retries");
        def.define(
                HTTP_RETRY_BACKOFF_INITIAL_MS,
                Type.LONG,
                500L,
                Range.atLeast(0),
                Importance.LOW,
                "First wait before a retry; doubles per retry, with full jitter; Retry-After wins when shorter than the max.",
                HTTP,
                ++order,
                ConfigDef.Width.SHORT,
                "Retry backoff initial (ms)");
        def.define(
                HTTP_RETRY_BACKOFF_MAX_MS,
                Type.LONG,
                30_000L,
                Range.atLeast(0),
                Importance.LOW,
                "Longest wait before a retry.",
                HTTP,
                ++order,
                ConfigDef.Width.SHORT,
                "Retry backoff max (ms)");
        def.define(
                HTTP_REQUESTS_PER_SECOND,
                Type.DOUBLE,
                5.0,
                Range.atLeast(0),
                Importance.LOW,
                "Request rate limit per task; 0 for none.",
                HTTP,
                ++order,
                ConfigDef.Width.SHORT,
                "Requests per second");
        order = 0;
        def.define(
                MAX_USD_PER_GPU_HOUR,
                Type.DOUBLE,
                PriceLimits.DEFAULT_MAX_USD_PER_GPU_HOUR,
                Range.atLeast(0),
                Importance.LOW,
                "Prices above this per GPU-hour are rejected as ABSURD_PRICE.",
                VALIDATION,
                ++order,
                ConfigDef.Width.SHORT,
                "Max USD per GPU-hour");
        def.define(
                MAX_USD_PER_MILLION_TOKENS,
                Type.DOUBLE,
                PriceLimits.DEFAULT_MAX_USD_PER_MILLION_TOKENS,
                Range.atLeast(0),
                Importance.LOW,
                "Prices above this per million tokens are rejected as ABSURD_PRICE.",
                VALIDATION,
                ++order,
                ConfigDef.Width.SHORT,
                "Max USD per million tokens");
        def.define(
                MAX_FUTURE_SKEW_MS,
                Type.LONG,
                PriceLimits.DEFAULT_MAX_FUTURE_SKEW_MS,
                Range.between(0L, FutureEventTimes.MAX_SKEW.toMillis()),
                Importance.LOW,
                "Prices dated further ahead of the wall clock are rejected as FUTURE_TIMESTAMP "
                        + "(Kafka refuses record times 1 h ahead, so at most 30 min).",
                VALIDATION,
                ++order,
                ConfigDef.Width.SHORT,
                "Max future skew (ms)");
        def.define(
                CURRENCY_RATES,
                Type.STRING,
                "",
                Importance.LOW,
                "Overrides of single rates of the shared USD rate table (CurrencyRates), e.g. EUR=1.08,GBP=1.27 "
                        + "(USD per unit).",
                VALIDATION,
                ++order,
                ConfigDef.Width.MEDIUM,
                "USD rates");
        order = 0;
        def.define(
                TOPIC_GPU,
                Type.STRING,
                Topic.GPU_PRICES.topicName(),
                Importance.LOW,
                "Topic for GPU prices.",
                TOPICS,
                ++order,
                ConfigDef.Width.MEDIUM,
                "GPU price topic");
        def.define(
                TOPIC_TOKENS,
                Type.STRING,
                Topic.TOKEN_PRICES.topicName(),
                Importance.LOW,
                "Topic for token prices.",
                TOPICS,
                ++order,
                ConfigDef.Width.MEDIUM,
                "Token price topic");
        def.define(
                TOPIC_REJECTED,
                Type.STRING,
                Topic.REJECTED.topicName(),
                Importance.LOW,
                "Topic for rejected input.",
                TOPICS,
                ++order,
                ConfigDef.Width.MEDIUM,
                "Rejected topic");
        def.define(
                TOPIC_ENDPOINT_OBSERVATIONS,
                Type.STRING,
                Topic.ENDPOINT_OBSERVATIONS.topicName(),
                Importance.LOW,
                "Topic for endpoint latency observations (simulator, OpenRouter stats).",
                TOPICS,
                ++order,
                ConfigDef.Width.MEDIUM,
                "Endpoint observation topic");
        return def;
    }

    public CommonSourceConfig(ConfigDef def, Map<?, ?> props) {
        super(def, props);
        checkPricesAreConfirmedBeforeTheyExpire();
    }

    /**
     * A price still listed must be re-sent before its validUntil passes, or consumers drop an offer
     * that is still on sale: the heartbeat must run, and more often than the TTL.
     */
    private void checkPricesAreConfirmedBeforeTheyExpire() {
        long ttl = priceTtl().toMillis();
        long heartbeat = heartbeat().toMillis();
        if (ttl > 0 && (heartbeat == 0 || heartbeat >= ttl)) {
            throw new ConfigException(
                    HEARTBEAT_INTERVAL_MS,
                    getLong(HEARTBEAT_INTERVAL_MS),
                    "a heartbeat of " + heartbeat + " ms; it must be above 0 and below " + PRICE_TTL_MS + " (" + ttl
                            + " ms), or prices expire while the source still lists them; set " + PRICE_TTL_MS
                            + "=0 for prices that never expire");
        }
        long poll = pollInterval().toMillis();
        if (ttl > 0 && heartbeat + poll >= ttl) {
            // A re-send happens at the first poll after the heartbeat is due: up to a poll interval late.
            log.warn(
                    "{}={} plus {}={} is not below {}={}: an unchanged price may expire before the poll that "
                            + "re-sends it",
                    HEARTBEAT_INTERVAL_MS,
                    heartbeat,
                    POLL_INTERVAL_MS,
                    poll,
                    PRICE_TTL_MS,
                    ttl);
        }
    }

    public Duration pollInterval() {
        return Duration.ofMillis(getLong(POLL_INTERVAL_MS));
    }

    /** How long a sent price stays valid; zero: prices never expire. */
    public Duration priceTtl() {
        long ttl = getLong(PRICE_TTL_MS);
        if (ttl != FROM_POLL_INTERVAL) {
            return Duration.ofMillis(ttl);
        }
        long poll = getLong(POLL_INTERVAL_MS);
        return Duration.ofMillis(
                poll > Long.MAX_VALUE / DEFAULT_TTL_POLL_INTERVALS
                        ? Long.MAX_VALUE
                        : DEFAULT_TTL_POLL_INTERVALS * poll);
    }

    /** The validUntil every price sent by a live source gets. */
    public PriceValidity priceValidity() {
        return PriceValidity.of(priceTtl());
    }

    /** After how long an unchanged price is sent again; zero: never. */
    public Duration heartbeat() {
        long heartbeat = getLong(HEARTBEAT_INTERVAL_MS);
        return heartbeat == HALF_THE_TTL ? priceTtl().dividedBy(2) : Duration.ofMillis(heartbeat);
    }

    public Duration backoffInitial() {
        return Duration.ofMillis(getLong(BACKOFF_INITIAL_MS));
    }

    public Duration backoffMax() {
        return Duration.ofMillis(Math.max(getLong(BACKOFF_MAX_MS), getLong(BACKOFF_INITIAL_MS)));
    }

    public HttpSettings httpSettings() {
        return new HttpSettings(
                Duration.ofMillis(getLong(HTTP_TIMEOUT_MS)),
                getLong(HTTP_MAX_RESPONSE_BYTES),
                getInt(HTTP_MAX_RETRIES),
                Duration.ofMillis(getLong(HTTP_RETRY_BACKOFF_INITIAL_MS)),
                Duration.ofMillis(Math.max(getLong(HTTP_RETRY_BACKOFF_MAX_MS), getLong(HTTP_RETRY_BACKOFF_INITIAL_MS))),
                getDouble(HTTP_REQUESTS_PER_SECOND),
                Duration.ofMillis(getLong(HTTP_TOTAL_TIMEOUT_MS)),
                getList(HTTP_ALLOWED_ORIGINS));
    }

    public PriceLimits priceLimits() {
        return new PriceLimits(
                getDouble(MAX_USD_PER_GPU_HOUR),
                getDouble(MAX_USD_PER_MILLION_TOKENS),
                java.time.Duration.ofMillis(getLong(MAX_FUTURE_SKEW_MS)));
    }

    public CurrencyRates currencyRates() {
        return CurrencyRates.parse(getString(CURRENCY_RATES));
    }

    public String topicName(Topic topic) {
        return switch (topic) {
            case GPU_PRICES -> getString(TOPIC_GPU);
            case TOKEN_PRICES -> getString(TOPIC_TOKENS);
            case REJECTED -> getString(TOPIC_REJECTED);
            case ENDPOINT_OBSERVATIONS -> getString(TOPIC_ENDPOINT_OBSERVATIONS);
            default -> topic.topicName();
        };
    }
}
