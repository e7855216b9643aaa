package dev.gpuarb.streams.errors;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.registry.RegistryUnavailableException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {

    private final StreamThreadFailures exactlyOnce = new StreamThreadFailures(true);

    @Test
    void aRegistryOutageReplacesTheThread() {
        StreamsException e = new StreamsException(
                "cannot deserialize",
                new RegistryUnavailableException("schema registry unreachable", "prices.gpu-value", null, 0, null));

        assertThat(exactlyOnce.handle(e)).isEqualTo(REPLACE_THREAD);
        assertThat(new StreamThreadFailures(false).handle(e)).isEqualTo(REPLACE_THREAD);
    }

    @Test
    void aTransactionAbortedUnderTheThreadReplacesItOnlyUnderExactlyOnce() {
        StreamsException e = new StreamsException(
                "Error encountered trying to commit a transaction", new InvalidTxnStateException("invalid state"));

        assertThat(exactlyOnce.handle(e)).isEqualTo(REPLACE_THREAD);
        assertThat(new StreamThreadFailures(false).handle(e)).isEqualTo(SHUTDOWN_CLIENT);
    }

    @Test
    void anythingElseStopsTheApplication() {
        assertThat(exactlyOnce.handle(new StreamsException(new IllegalStateException("bug"))))
                .isEqualTo(SHUTDOWN_CLIENT);
    }
}
