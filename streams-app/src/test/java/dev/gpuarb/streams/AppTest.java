package dev.gpuarb.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.streams.config.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AppTest {

    @Test
    void settingsComeFromTheFileAndSystemPropertiesWin() throws Exception {
        Path file = Files.createTempFile("gpuarb", ".properties");
        Files.writeString(file, "gpuarb.grace.ms=1000\ngpuarb.alerts.threshold.pct=30\nnum.stream.threads=2\n");
        System.setProperty("gpuarb.alerts.threshold.pct", "40");
        try {
            Properties settings = App.loadSettings(new String[] {file.toString()});
            AppConfig config = AppConfig.from(settings);

            assertThat(config.grace().toMillis()).isEqualTo(1000);
            assertThat(config.alertsThresholdPct()).isEqualTo(40.0);
            assertThat(settings.getProperty("num.stream.threads")).isEqualTo("2");
        } finally {
            System.clearProperty("gpuarb.alerts.threshold.pct");
        }
    }
}
