package io.crowdsurf.alert.rest;

import java.net.URI;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.crowdsurf.alert.OpenMeteoResource;
import io.crowdsurf.testsupport.Browser;
import io.crowdsurf.testsupport.CrowdsurfInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.crowdsurf.alert.AlertTests.admin;
import static io.crowdsurf.alert.AlertTests.unique;
import static io.crowdsurf.alert.function.CommandTest.askForLink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * The "Create New Alert" form in a real headless Chromium: opened from the link {@code /alerts} sends, a bad
 * latitude shows the field's error, a filled-in form creates the alert and lists it.
 */
@QuarkusTest
@QuarkusTestResource(value = CrowdsurfInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OpenMeteoResource.class, restrictToAnnotatedClass = false)
class FormBrowserTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void fillInSubmitAndSeeTheAlertListed() {
        Assumptions.assumeTrue(Browser.available(), "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
        String user = "u" + unique();
        String token = askForLink(user, "webchat:" + user + ":form");
        try (Browser browser = Browser.start()) {
            browser.open(base.resolve("/alerts/new?t=" + token).toString());
            assertThat(browser.text("h2")).isEqualTo("Create New Alert");

            browser.type("#nickname", "Golden dunes");
            browser.type("#place", "Zandvoort");
            browser.type("#latitude", "95");
            browser.type("#longitude", "4.53");
            browser.click("input[name=light][value=evening-golden-hour]");
            browser.click("#create-button");
            browser.waitForText("#latitude-error", t -> t.contains("latitude must be a number from -90 to 90"));
            assertThat(browser.findAll("#alerts li")).isEmpty();

            browser.find("#latitude").clear();
            browser.type("#latitude", "52.37");
            browser.click("input[name=precipitation][value=none]");
            browser.click("input[name=days][value=saturday]");
            browser.click("#create-button");
            browser.waitForCount("#alerts li.alert-item", 1);
            assertThat(browser.text("#alerts li.alert-item")).contains("Golden dunes").contains("Zandvoort")
                    .contains("evening-golden-hour").contains("saturday").contains("none");
            assertThat(browser.text("#latitude-error")).isEmpty();
            browser.screenshot(Path.of("target/screenshots/alert-form.png"));

            // Clear empties the form.
            browser.type("#nickname", "draft");
            browser.click("#clear-button");
            assertThat(browser.find("#nickname").getAttribute("value")).isEmpty();
        }
        admin().queryParam("conversationId", "webchat:dj-bash:" + user).get("/api/v1/alerts").then()
                .body("", hasSize(1)).body("[0].location.latitude", equalTo(52.37f))
                .body("[0].conditions.light[0]", equalTo("evening-golden-hour"));
    }
}
