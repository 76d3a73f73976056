package io.crowdsurf.k8s;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What only the base promises: its files, its placeholders, the published images and the two schedules. */
class BaseTest {

    private final Manifests base = Manifests.of(Manifests.BASE);

    @Test
    void everyTriggerFileIsListedInTheKustomization() {
        assertThat(ManifestRules.triggerFiles(Manifests.k8sDir().resolve("base"))).isEmpty();
    }

    @Test
    void exampleSecretsLeaveEveryChannelDisabled() {
        assertThat(ManifestRules.placeholderSecrets(base)).isEmpty();
    }

    @Test
    void servicesUseThePublishedImagesAndScaleToZero() {
        for (var k : base.all(io.fabric8.knative.serving.v1.Service.class)) {
            var template = k.getSpec().getTemplate();
            assertThat(template.getSpec().getContainers().get(0).getImage())
                    .isEqualTo("ghcr.io/crowdsurf/" + ManifestRules.catalogId(k) + ":0.1.0");
            assertThat(template.getMetadata().getAnnotations()).containsEntry("autoscaling.knative.dev/min-scale", "0");
        }
    }

    @Test
    void hourlyEvaluationAndNightlyForecastRefreshAreScheduled() {
        Map<String, String> reasonBySchedule = new HashMap<>();
        for (CronJob c : base.all(CronJob.class)) {
            List<EnvVar> env = c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
            env.stream().filter(e -> e.getName().equals("CE_DATA"))
                    .forEach(e -> reasonBySchedule.put(c.getSpec().getSchedule(), e.getValue()));
        }
        assertThat(reasonBySchedule)
                .containsEntry("0 * * * *", "{\"reason\":\"hourly\"}")
                .containsEntry("0 2 * * *", "{\"reason\":\"forecast-refresh\"}");
    }
}
