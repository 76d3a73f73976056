package io.crowdsurf.metrics.rest;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowdsurf.events.data.HitKind;
import io.crowdsurf.events.data.HitTracked;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.crowdsurf.metrics.MetricsTestSupport.admin;
import static io.crowdsurf.metrics.MetricsTestSupport.hits;
import static io.crowdsurf.metrics.MetricsTestSupport.newSite;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** CSV import through the same path as live tracking. */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
class CsvImportTest {

    @Test
    void goodRowsAreImportedBadRowsListedWithLineNumbersAndAReimportRepeatsTheIds() {
        String site = newSite();
        String csv = """
                time,url,title,visitorId,referrer,userAgent,eventCategory,eventAction,ip
                2025-03-01 10:00:00,https://%1$s.example/blog/one,"One, with comma",aaaaaaaaaaaaaaaa,https://www.bing.com/search?q=x,Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML; like Gecko) Chrome/120.0.0.0 Safari/537.36,,,
                2025-03-01T10:05:00Z,https://%1$s.example/shop/cart,Cart,aaaaaaaaaaaaaaaa,,,,,
                ,https://%1$s.example/no-time,No time,bbbbbbbbbbbbbbbb,,,,,
                1740823500,https://%1$s.example/,Home,bbbbbbbbbbbbbbbb,,,Video,,
                2025-03-01 11:00:00,https://%1$s.example/,Home,cccccccccccccccc,,,Video,Play,
                2025-03-01 11:00:00,too,few
                2025-03-01 12:00:00,https://%1$s.example/,Excluded,dddddddddddddddd,,,,,10.9.9.1
                2025-03-01 12:00,https://%1$s.example/,Bad time,dddddddddddddddd,,,,,
                """.formatted(site);
        admin().contentType("text/csv; charset=UTF-8").body(csv).post("/api/v1/sites/" + site + "/import").then().statusCode(200)
                .body("rows", equalTo(8)).body("accepted", equalTo(3)).body("excluded", equalTo(1))
                .body("rejected", equalTo(4))
                .body("errors.line", equalTo(List.of(4, 7, 9, 5)))
                .body("errors[0].reason", equalTo("time is required"));
        List<HitTracked> hits = hits(site);
        assertThat(hits).hasSize(3);
        HitTracked one = hits.stream().filter(h -> "One, with comma".equals(h.pageTitle())).findFirst().orElseThrow();
        assertThat(one.time()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(one.section()).isEqualTo("Blog");
        assertThat(one.referrerType()).isEqualTo("search");
        assertThat(one.referrerName()).isEqualTo("Bing");
        assertThat(one.deviceType()).isEqualTo("desktop");
        assertThat(hits).anySatisfy(h -> assertThat(h.kind()).isEqualTo(HitKind.EVENT));

        admin().contentType("text/csv; charset=UTF-8").body(csv).post("/api/v1/sites/" + site + "/import").then().statusCode(200)
                .body("accepted", equalTo(3));
        List<HitTracked> again = hits(site);
        assertThat(again).hasSize(6);
        assertThat(again.stream().map(HitTracked::hitId).distinct()).as("a re-import repeats the ids").hasSize(3);
    }

    @Test
    void headerProblemsAre400AndNothingIsImported() {
        String site = newSite();
        admin().contentType("text/csv; charset=UTF-8").body("url,title\nhttps://a.example/,A\n")
                .post("/api/v1/sites/" + site + "/import").then().statusCode(400).contentType("application/problem+json");
        admin().contentType("text/csv; charset=UTF-8").body("time,colour\n2025-01-01 00:00:00,red\n")
                .post("/api/v1/sites/" + site + "/import").then().statusCode(400);
        admin().contentType("text/csv; charset=UTF-8").body("").post("/api/v1/sites/" + site + "/import").then().statusCode(400);
        admin().contentType("application/json").body("{}").post("/api/v1/sites/" + site + "/import").then().statusCode(415);
        admin().contentType("text/csv; charset=ISO-8859-1").body("time\n").post("/api/v1/sites/" + site + "/import")
                .then().statusCode(415);
        admin().contentType("text/csv; charset=UTF-8").body("time\n2025-01-01 00:00:00\n").post("/api/v1/sites/nope-" + site + "/import")
                .then().statusCode(404);
        given().contentType("text/csv; charset=UTF-8").body("time\n").post("/api/v1/sites/" + site + "/import").then().statusCode(401);
        assertThat(hits(site)).isEmpty();
    }

    @Test
    void invalidUtf8RowsAreRejectedAndTheRestImported() {
        String site = newSite();
        byte[] head = ("time,url,visitorId\n2025-01-01 00:00:00,https://a.example/ok,1111111111111111\n"
                + "2025-01-01 00:00:01,https://a.example/").getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xC3, (byte) 0x28};
        byte[] tail = ",1111111111111111\n".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(bad, 0, body, head.length, bad.length);
        System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
        admin().contentType("text/csv; charset=UTF-8").body(body).post("/api/v1/sites/" + site + "/import").then().statusCode(200)
                .body("accepted", equalTo(1)).body("rejected", equalTo(1)).body("errors[0].line", equalTo(3))
                .body("errors[0].reason", equalTo("not valid UTF-8"));
    }

    @Test
    void aBodyFarBeyondOneMebibyteIsStreamed() {
        String site = newSite();
        int rows = 12_000;
        InputStream body = new Generated(rows, site);
        admin().contentType("text/csv; charset=UTF-8").body(body).post("/api/v1/sites/" + site + "/import").then().statusCode(200)
                .body("rows", equalTo(rows)).body("accepted", equalTo(rows));
    }

    /** A CSV produced on the fly: the test never holds the whole body either. */
    static final class Generated extends InputStream {
        private final int rows;
        private final String site;
        private int row = -1;
        private ByteArrayInputStream current = new ByteArrayInputStream(new byte[0]);

        Generated(int rows, String site) {
            this.rows = rows;
            this.site = site;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            while (current.available() == 0) {
                if (row >= rows) {
                    return -1;
                }
                String line = row < 0 ? "time,url,title,visitorId\n"
                        : "2025-02-0" + (1 + row % 9) + " 10:" + String.format("%02d:%02d", (row / 60) % 60, row % 60)
                                + ",https://" + site + ".example/page/" + row + ",Page number " + row
                                + " with a fairly long title to make the file larger than a mebibyte,"
                                + String.format("%016x", row) + "\n";
                current = new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8));
                row++;
            }
            return current.read(b, off, len);
        }
    }
}
