package dev.gpuarb.streams;

import dev.gpuarb.streams.config.AppConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Starts the Streams application: {@code App [config.properties]}. Settings come from the file, then
 * from system properties (-Dkey=value) which win. See README for every key.
 */
public final class App {

    private App() {}

    public static void main(String[] args) throws Exception {
        AppConfig config = AppConfig.from(loadSettings(args));
        StreamsService service = StreamsService.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "gpuarb-shutdown"));
        try {
            service.awaitStop();
        } finally {
            service.close();
        }
    }

    static Properties loadSettings(String[] args) throws IOException {
        Properties settings = new Properties();
        if (args.length > 0) {
            try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
                settings.load(in);
            }
        }
        // Only this application's keys: other gpuarb.* system properties may belong to other components.
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> AppConfig.DEFAULTS.containsKey(k) || k.startsWith(AppConfig.FX_PREFIX))
                .forEach(k -> settings.setProperty(k, System.getProperty(k)));
        return settings;
    }
}
