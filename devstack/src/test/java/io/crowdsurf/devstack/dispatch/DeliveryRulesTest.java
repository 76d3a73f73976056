package io.crowdsurf.devstack.dispatch;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Backoff formulas, retry classification and subscriber resolution: the rules copied from Knative. */
class DeliveryRulesTest {

    @Test
    void backoffFollowsKnativesFormulas() {
        DeliverySpec linear = new DeliverySpec(3, BackoffPolicy.LINEAR, Duration.ofMillis(200), Duration.ofSeconds(1),
                true);
        DeliverySpec exponential = new DeliverySpec(3, BackoffPolicy.EXPONENTIAL, Duration.ofMillis(200),
                Duration.ofSeconds(1), true);

        assertThat(linear.attempts()).isEqualTo(4);
        assertThat(linear.backoffBefore(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(linear.backoffBefore(3)).isEqualTo(Duration.ofMillis(600));
        assertThat(exponential.backoffBefore(1)).isEqualTo(Duration.ofMillis(400));
        assertThat(exponential.backoffBefore(3)).isEqualTo(Duration.ofMillis(1600));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 404, 408, 409, 429, 500, 502, 503, 504})
    void retriesWhatMaySucceedLater(int status) {
        assertThat(new Attempt(status, new byte[0], null, "x").retryable()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 405, 410, 413, 415, 422})
    void doesNotRetryWhatWillNeverSucceed(int status) {
        assertThat(new Attempt(status, new byte[0], null, null).retryable()).isFalse();
    }

    @Test
    void subscriberUrlsComeFromDefaultsThenEnvironmentThenCommandLine() {
        Map<String, String> env = Map.of("CROWDSURF_SUBSCRIBER_QUIZ_SERVICE", "http://10.0.0.5:9000",
                "CROWDSURF_SUBSCRIBER_ALERT_SERVICE", "http://env-alert:1");
        SubscriberTable table = SubscriberTable.of(SubscriberTable.DEFAULTS.keySet(), env::get,
                Map.of("alert-service", "http://cli-alert:2/"));

        assertThat(new Subscriber("bot-gateway", null).resolve(table)).hasToString("http://localhost:8081/");
        assertThat(new Subscriber("quiz-service", null).resolve(table)).hasToString("http://10.0.0.5:9000/");
        assertThat(new Subscriber("alert-service", "evaluate").resolve(table)).hasToString("http://cli-alert:2/evaluate");
    }
}
