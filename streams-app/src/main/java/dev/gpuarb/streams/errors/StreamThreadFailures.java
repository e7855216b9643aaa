package dev.gpuarb.streams.errors;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when a stream thread dies. Under exactly-once a replaced thread resumes from the last
 * commit and everything the dead thread did since is aborted, so replacing it is safe; it is done
 * for failures that pass: the schema registry being unreachable, and a transaction the broker
 * aborted under the thread (e.g. after a broker restart, or a transaction that outlived its
 * timeout on a busy machine). Anything else stops the application, as Kafka Streams does by default.
 */
public final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);
    private final boolean exactlyOnce;

    public StreamThreadFailures(boolean exactlyOnce) {
        this.exactlyOnce = exactlyOnce;
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable error) {
        if (RegistryOutage.isCause(error)) {
            LOG.warn("Schema registry unreachable; replacing the stream thread: {}", error.toString());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        if (exactlyOnce && abortedTransaction(error)) {
            LOG.warn(
                    "Transaction aborted by the broker; replacing the stream thread, which resumes from the last commit: {}",
                    error.toString());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        LOG.error("Stream thread failed; stopping the application", error);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    private static boolean abortedTransaction(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidTxnStateException
                    || t instanceof InvalidProducerEpochException
                    || t instanceof ProducerFencedException) {
                return true;
            }
        }
        return false;
    }
}
