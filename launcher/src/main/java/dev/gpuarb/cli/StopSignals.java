package dev.gpuarb.cli;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Turns SIGINT and SIGTERM into a callback instead of JVM shutdown, so a long-running command can
 * stop its parts in order and exit normally. {@code sun.misc.Signal} (module jdk.unsupported) is
 * the only JDK way to do this; no library offers more than a wrapper over it. It is reached by
 * reflection because javac warns about every compile-time use of it, a warning that no
 * {@code @SuppressWarnings} can silence and the build treats as an error.
 */
final class StopSignals {

    private StopSignals() {}

    static void onInterruptOrTerminate(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(
                    StopSignals.class.getClassLoader(),
                    new Class<?>[] {handlerType},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "StopSignals handler";
                    });
            Method handle = signal.getMethod("handle", signal, handlerType);
            for (String name : List.of("INT", "TERM")) {
                handle.invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot install the INT and TERM handlers", e);
        }
    }
}
