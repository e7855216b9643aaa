package dev.gpuarb.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The size check refuses exactly what Kafka's producer would refuse, without the producer seeing it. */
class SizeCheckedProducerTest {

    @Test
    void theSizeIsKafkasOwnUpperBound() {
        for (byte[] key : new byte[][] {null, new byte[0], new byte[7], new byte[200]}) {
            for (byte[] value :
                    new byte[][] {null, new byte[1], new byte[127], new byte[128], new byte[20_000], new byte[3_000_000]
                    }) {
                RecordHeaders headers = new RecordHeaders();
                ProducerRecord<byte[], byte[]> plain = new ProducerRecord<>("t", null, 1L, key, value, headers);
                assertThat(SizeCheckedProducer.sizeUpperBound(plain)).isEqualTo(kafkasEstimate(plain));
                headers.add("trace-é", new byte[300]);
                headers.add("empty", null);
                ProducerRecord<byte[], byte[]> withHeaders = new ProducerRecord<>("t", null, 1L, key, value, headers);
                assertThat(SizeCheckedProducer.sizeUpperBound(withHeaders)).isEqualTo(kafkasEstimate(withHeaders));
            }
        }
    }

    @Test
    void aRecordOverMaxRequestSizeNeverReachesTheProducerAndItsCallbackSaysWhy() throws Exception {
        MockProducer<byte[], byte[]> kafka =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        SizeCheckedProducer producer =
                new SizeCheckedProducer(kafka, Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1000"));
        ProducerRecord<byte[], byte[]> fits = new ProducerRecord<>("out", new byte[] {1}, new byte[1000 - 87]);
        ProducerRecord<byte[], byte[]> over = new ProducerRecord<>("out", new byte[] {1}, new byte[1000 - 86]);
        assertThat(SizeCheckedProducer.sizeUpperBound(fits)).isEqualTo(1000);

        List<Exception> callbacks = new ArrayList<>();
        producer.send(fits, (metadata, e) -> callbacks.add(e)).get();
        Future<RecordMetadata> refused = producer.send(over, (metadata, e) -> callbacks.add(e));

        assertThat(kafka.history()).containsExactly(fits);
        assertThat(callbacks).hasSize(2);
        assertThat(callbacks.get(0)).isNull();
        assertThat(callbacks.get(1))
                .isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("1001 bytes")
                .hasMessageContaining("max.request.size");
        assertThatThrownBy(refused::get)
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RecordTooLargeException.class);
    }

    @Test
    void theDefaultLimitIsKafkasDefault() {
        MockProducer<byte[], byte[]> kafka =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        SizeCheckedProducer producer = new SizeCheckedProducer(kafka, Map.of());
        producer.send(new ProducerRecord<>("out", null, new byte[1024 * 1024 - 100]));
        producer.send(new ProducerRecord<>("out", null, new byte[1024 * 1024]));
        assertThat(kafka.history()).hasSize(1);
    }

    private static int kafkasEstimate(ProducerRecord<byte[], byte[]> record) {
        return AbstractRecords.estimateSizeInBytesUpperBound(
                RecordBatch.CURRENT_MAGIC_VALUE,
                CompressionType.NONE,
                record.key(),
                record.value(),
                record.headers().toArray());
    }
}
