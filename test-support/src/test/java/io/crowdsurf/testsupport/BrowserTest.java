package io.crowdsurf.testsupport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser helper itself, against a page whose script changes the DOM only after a click. */
class BrowserTest {

    private static final String PAGE = """
            <!doctype html><html><head><title>probe</title></head><body>
            <input id="name"><button id="go">Go</button><p id="out"></p>
            <script>
              document.getElementById('go').addEventListener('click', () => {
                setTimeout(() => {
                  document.getElementById('out').textContent = 'hello ' + document.getElementById('name').value;
                }, 200);
              });
            </script></body></html>""";

    private static HttpServer server;

    @BeforeAll
    static void serve() {
        server = LocalHttp.serve(exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }, 16);
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void drivesARealChromiumThroughAPage() throws Exception {
        Path shot = Path.of("target/screenshots/browser-probe.png");
        try (Browser browser = Browser.start()) {
            browser.open(LocalHttp.baseUrl(server) + "/");
            assertThat(browser.title()).isEqualTo("probe");
            browser.type("#name", "fan").click("#go");
            assertThat(browser.waitForText("#out", t -> !t.isEmpty())).isEqualTo("hello fan");
            assertThat(browser.script("return 6 * 7")).isEqualTo(42L);
            browser.screenshot(shot);
        }
        assertThat(Files.size(shot)).isGreaterThan(100);
        // PNG signature: the file really is an image the browser rendered.
        byte[] head = Files.readAllBytes(shot);
        assertThat(head[1]).isEqualTo((byte) 'P');
    }
}
