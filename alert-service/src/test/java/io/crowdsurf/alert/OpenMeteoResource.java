package io.crowdsurf.alert;

import java.util.Map;

import io.crowdsurf.testsupport.HttpStub;
import io.crowdsurf.testsupport.OpenMeteoStub;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The local Open-Meteo and a webhook receiver, one each for the test JVM; tests isolate by place. */
public class OpenMeteoResource implements QuarkusTestResourceLifecycleManager {

    public static final OpenMeteoStub OPEN_METEO = new OpenMeteoStub();
    public static final HttpStub WEBHOOKS = new HttpStub().respond("/hook", HttpStub.Response.json(200, "{}"));

    @Override
    public Map<String, String> start() {
        return Map.of("alert.open-meteo-url", OPEN_METEO.baseUrl());
    }

    @Override
    public void stop() {
        // Shared for the JVM.
    }
}
