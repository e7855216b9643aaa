package dev.gpuarb.connectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.concurrent.atomic.AtomicInteger;
import org.quicktheories.core.Gen;

/**
 * Runs a check over generated inputs with QuickTheories. A failure reports the smallest failing input
 * and the seed; {@code -DQT_SEED=<seed>} on the Maven command line generates the same inputs again.
 */
final class Theories {

    /** Inputs each property is checked against, at least. */
    static final int EXAMPLES = 1000;

    /**
     * QuickTheories skips an input it has already tried (a few of its boundary inputs coincide), so
     * it is asked for a few more than {@link #EXAMPLES} and the inputs really checked are counted.
     */
    private static final int ASKED = EXAMPLES + EXAMPLES / 50;

    /** A check that may throw, as polls and file writes do. */
    interface Check<T> {
        void accept(T input) throws Exception;
    }

    private Theories() {}

    /** Checks every input; an exception out of the check fails the property like a failed assertion. */
    static <T> void forAll(Gen<T> inputs, Check<T> check) {
        AtomicInteger checked = new AtomicInteger();
        qt().withExamples(ASKED).forAll(inputs).checkAssert(input -> {
            checked.incrementAndGet();
            try {
                check.accept(input);
            } catch (RuntimeException e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(checked.get()).as("inputs checked").isGreaterThanOrEqualTo(EXAMPLES);
    }
}
