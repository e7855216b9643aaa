package dev.gpuarb.streams.errors;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skips (and logs) records that cannot be decoded, as before, except when the schema registry is
 * unreachable: such a record is fine and must not be dropped. Then processing fails after a pause,
 * and {@link dev.gpuarb.streams.StreamsService} replaces the stream thread, which resumes from the
 * last commit (exactly-once: nothing half-done is kept) and reads the same records again.
 */
public class RegistryAwareDeserializationHandler extends LogAndContinueExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryAwareDeserializationHandler.class);
    static final long PAUSE_MS = 2_000;

    @Override
    public Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (!RegistryOutage.isCause(exception)) {
            return super.handleError(context, record, exception);
        }
        LOG.warn(
                "Cannot decode {}-{} at offset {}: {}; will read it again from the last commit in {} ms",
                record.topic(),
                record.partition(),
                record.offset(),
                exception.getMessage(),
                PAUSE_MS);
        try {
            TimeUnit.MILLISECONDS.sleep(PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Response.fail();
    }
}
