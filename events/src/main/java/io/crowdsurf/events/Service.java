package io.crowdsurf.events;

/** The parties that emit or consume events. {@link #SCHEDULE} is a Kubernetes CronJob posting to the Broker (see k8s/base/400-schedules.yaml). */
public enum Service {
    BOT_GATEWAY("bot-gateway"),
    QUIZ_SERVICE("quiz-service"),
    ALERT_SERVICE("alert-service"),
    METRICS_SERVICE("metrics-service"),
    SCHEDULE("schedule");

    private final String id;

    Service(String id) {
        this.id = id;
    }

    /** The Knative Service / module name. */
    public String id() {
        return id;
    }

    /** The CloudEvent {@code source} this service emits with: {@code /crowdsurf/<service>}. */
    public String source() {
        return "/crowdsurf/" + id;
    }

    public static Service of(String id) {
        for (Service s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown service " + id);
    }
}
