package io.crowdsurf.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog page is documentation people rely on: it must name every type the code knows. */
class EventCatalogDocTest {

    @Test
    void everyTypeIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "events.md"));
        for (EventType t : EventType.values()) {
            assertThat(doc).as("docs/events.md mentions " + t.type()).contains("`" + t.type() + "`");
            assertThat(doc).as("docs/events.md names the data of " + t.type()).contains(t.dataClass().getSimpleName());
        }
    }
}
