package dev.gpuarb.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.registry.RegistryUnavailableException;
import dev.gpuarb.serde.AvroSerdeException;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class RegistryAwareDeserializationHandlerTest {

    private final RegistryAwareDeserializationHandler handler = new RegistryAwareDeserializationHandler();
    private final ConsumerRecord<byte[], byte[]> record =
            new ConsumerRecord<>("prices.gpu", 0, 7L, new byte[0], new byte[] {0});

    @Test
    void anUnreachableRegistryFailsProcessingSoTheRecordIsReadAgain() {
        Exception unreachable = new AvroSerdeException(
                "cannot fetch the writer schema",
                "prices.gpu",
                null,
                1,
                new RegistryUnavailableException(
                        "schema registry unreachable at http://127.0.0.1:1", null, 1, 0, new ConnectException()));

        assertThat(handler.handleError(context(), record, unreachable).result())
                .isEqualTo(DeserializationExceptionHandler.Result.FAIL);
    }

    @Test
    void aRecordThatCannotBeDecodedIsSkipped() {
        Exception garbage = new SerializationException("unknown magic byte 7");

        assertThat(handler.handleError(context(), record, garbage).result())
                .isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    }

    /** A context that answers what the logging handler asks for. */
    private static ErrorHandlerContext context() {
        return (ErrorHandlerContext) Proxy.newProxyInstance(
                ErrorHandlerContext.class.getClassLoader(),
                new Class<?>[] {ErrorHandlerContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "taskId" -> new TaskId(0, 0);
                    case "topic" -> "prices.gpu";
                    case "processorNodeId" -> "source";
                    case "partition" -> 0;
                    case "offset", "timestamp" -> 7L;
                    default -> null;
                });
    }
}
