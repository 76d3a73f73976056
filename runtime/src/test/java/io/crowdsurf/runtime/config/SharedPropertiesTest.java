package io.crowdsurf.runtime.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties every service inherits sit in runtime's META-INF/microprofile-config.properties, once: a service's
 * application.properties names itself and its port and does not repeat a shared line.
 */
class SharedPropertiesTest {

    private static final List<String> SERVICES = List.of("bot-gateway", "quiz-service", "alert-service", "metrics-service");

    private static Properties shared() throws IOException {
        Properties p = new Properties();
        try (InputStream in = SharedPropertiesTest.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            assertThat(in).as("runtime's shared properties on the classpath").isNotNull();
            p.load(in);
        }
        return p;
    }

    @Test
    void sharedFileHoldsTheCommonSettings() throws IOException {
        assertThat(shared().stringPropertyNames()).contains("kafka.bootstrap.servers", "quarkus.mongodb.connection-string",
                "quarkus.mongodb.database", "quarkus.devservices.enabled", "quarkus.http.test-port",
                "crowdsurf.events.signing-key", "quarkus.native.additional-build-args");
        assertThat(shared().getProperty("crowdsurf.events.signing-key")).isEqualTo("${CROWDSURF_EVENTS_SIGNING_KEY:}");
    }

    @Test
    void servicesNameThemselvesAndDoNotRepeatSharedLines() throws IOException {
        Properties shared = shared();
        for (String service : SERVICES) {
            Path file = Path.of("..", service, "src/main/resources/application.properties");
            Properties own = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                own.load(in);
            }
            assertThat(own.getProperty("quarkus.application.name")).as(service).isEqualTo(service);
            assertThat(own.getProperty("quarkus.http.port")).as(service + " port").isNotBlank();
            assertThat(own.stringPropertyNames()).as(service + " repeats shared keys")
                    .doesNotContainAnyElementsOf(shared.stringPropertyNames());
        }
    }
}
