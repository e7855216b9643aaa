package dev.gpuarb.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class DecodedValuesTest {

    private final Map<String, String> stored = new HashMap<>();
    private final List<String> storeReads = new ArrayList<>();

    /** A map behind the store interface that notes every read, so a test can tell a decoded hit from a store read. */
    @SuppressWarnings("unchecked")
    private KeyValueStore<String, String> store() {
        return (KeyValueStore<String, String>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "get" -> {
                            storeReads.add((String) args[0]);
                            return stored.get((String) args[0]);
                        }
                        case "put" -> {
                            stored.put((String) args[0], (String) args[1]);
                            return null;
                        }
                        case "delete" -> {
                            return stored.remove((String) args[0]);
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @Test
    void writesGoToTheStoreAndReadsOfRecentValuesDoNot() {
        DecodedValues<String> values = new DecodedValues<>(store(), 10);
        values.put("a", "1");
        assertThat(stored).containsEntry("a", "1");
        assertThat(values.get("a")).isEqualTo("1");
        assertThat(storeReads).isEmpty();

        stored.put("b", "2"); // written before this task began
        assertThat(values.get("b")).isEqualTo("2");
        assertThat(values.get("b")).isEqualTo("2");
        assertThat(storeReads).containsExactly("b");

        assertThat(values.get("missing")).isNull();
        assertThat(values.get("missing")).isNull();
        assertThat(storeReads).as("absence is not kept").containsExactly("b", "missing", "missing");
    }

    @Test
    void deleteAndForget() {
        DecodedValues<String> values = new DecodedValues<>(store(), 10);
        values.put("a", "1");
        values.delete("a");
        assertThat(stored).doesNotContainKey("a");
        assertThat(values.get("a")).isNull();

        values.put("b", "2");
        stored.put("b", "changed behind its back"); // as if a half-done change had been undone
        values.forget("b");
        assertThat(values.get("b")).isEqualTo("changed behind its back");
    }

    @Test
    void keepsOnlyTheMostRecentlyUsed() {
        DecodedValues<String> values = new DecodedValues<>(store(), 2);
        values.put("a", "1");
        values.put("b", "2");
        values.get("a"); // a is now more recent than b
        values.put("c", "3");
        assertThat(values.decodedCount()).isEqualTo(2);
        storeReads.clear();
        values.get("a");
        values.get("c");
        assertThat(storeReads).isEmpty();
        assertThat(values.get("b")).isEqualTo("2");
        assertThat(storeReads).containsExactly("b");
        assertThatThrownBy(() -> new DecodedValues<>(store(), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
