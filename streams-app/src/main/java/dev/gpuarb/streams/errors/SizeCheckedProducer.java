package dev.gpuarb.streams.errors;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * The Streams producer, refusing a record larger than its {@code max.request.size} (or
 * {@code buffer.memory}) itself, before Kafka's producer sees it. Kafka's producer refuses such a record
 * too, but under exactly-once it also puts the open transaction into an error state (its
 * {@code TransactionManager.maybeTransitionToErrorState}), so the commit fails and the stream thread dies
 * even when the production exception handler said to go on. Refused here, the record never reaches the
 * transaction: the callback gets the same {@link RecordTooLargeException}, the handler reports the
 * record, and the transaction commits what else the task wrote.
 */
final class SizeCheckedProducer implements Producer<byte[], byte[]> {

    /** Kafka's per-batch and per-record overheads at the largest (record format v2, DefaultRecordBatch). */
    private static final int BATCH_OVERHEAD = 61;

    private static final int RECORD_OVERHEAD_UPPER_BOUND = 21;

    private final Producer<byte[], byte[]> producer;
    private final long limit;
    private final String limitName;

    SizeCheckedProducer(Producer<byte[], byte[]> producer, Map<String, Object> config) {
        this.producer = producer;
        long maxRequestSize = setting(config, ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        long bufferMemory = setting(config, ProducerConfig.BUFFER_MEMORY_CONFIG);
        this.limit = Math.min(maxRequestSize, bufferMemory);
        this.limitName = maxRequestSize <= bufferMemory
                ? ProducerConfig.MAX_REQUEST_SIZE_CONFIG
                : ProducerConfig.BUFFER_MEMORY_CONFIG;
    }

    /** One producer setting as Kafka's producer reads it (without logging every setting again, as ProducerConfig would). */
    private static long setting(Map<String, Object> config, String key) {
        ConfigDef def = ProducerConfig.configDef();
        Object value = config.containsKey(key)
                ? ConfigDef.parseType(key, config.get(key), def.configKeys().get(key).type)
                : def.defaultValues().get(key);
        return ((Number) value).longValue();
    }

    /**
     * The size Kafka's producer checks against its limits: a batch holding only this record, with
     * the largest offset and timestamp deltas (as {@code AbstractRecords.estimateSizeInBytesUpperBound}).
     */
    static int sizeUpperBound(ProducerRecord<byte[], byte[]> record) {
        int size = BATCH_OVERHEAD + RECORD_OVERHEAD_UPPER_BOUND;
        size += bytesSize(record.key()) + bytesSize(record.value());
        Header[] headers = record.headers().toArray();
        size += ByteUtils.sizeOfVarint(headers.length);
        for (Header header : headers) {
            int keySize = header.key().getBytes(StandardCharsets.UTF_8).length;
            size += ByteUtils.sizeOfVarint(keySize) + keySize + bytesSize(header.value());
        }
        return size;
    }

    private static int bytesSize(byte[] bytes) {
        return bytes == null ? 1 : ByteUtils.sizeOfVarint(bytes.length) + bytes.length;
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        int size = sizeUpperBound(record);
        if (size <= limit) {
            return producer.send(record, callback);
        }
        RecordTooLargeException refused = new RefusedBeforeSend("The message is " + size
                + " bytes when serialized which is larger than " + limit + ", which is the value of the "
                + limitName + " configuration (refused before it reached the producer and its transaction).");
        if (callback != null) {
            TopicPartition tp =
                    new TopicPartition(record.topic(), record.partition() == null ? -1 : record.partition());
            callback.onCompletion(new RecordMetadata(tp, -1L, 0, -1L, -1, -1), refused);
        }
        return CompletableFuture.failedFuture(refused);
    }

    /** A record refused here, before Kafka's producer and the transaction saw it: it can be skipped under exactly-once. */
    static final class RefusedBeforeSend extends RecordTooLargeException {
        RefusedBeforeSend(String message) {
            super(message);
        }
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        return send(record, null);
    }

    @Override
    public void initTransactions() {
        producer.initTransactions();
    }

    @Override
    public void beginTransaction() {
        producer.beginTransaction();
    }

    @Override
    public void sendOffsetsToTransaction(
            Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
        producer.sendOffsetsToTransaction(offsets, groupMetadata);
    }

    @Override
    public void commitTransaction() {
        producer.commitTransaction();
    }

    @Override
    public void abortTransaction() {
        producer.abortTransaction();
    }

    @Override
    public void registerMetricForSubscription(KafkaMetric metric) {
        producer.registerMetricForSubscription(metric);
    }

    @Override
    public void unregisterMetricFromSubscription(KafkaMetric metric) {
        producer.unregisterMetricFromSubscription(metric);
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return producer.partitionsFor(topic);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return producer.metrics();
    }

    @Override
    public Uuid clientInstanceId(Duration timeout) {
        return producer.clientInstanceId(timeout);
    }

    @Override
    public void close() {
        producer.close();
    }

    @Override
    public void close(Duration timeout) {
        producer.close(timeout);
    }
}
