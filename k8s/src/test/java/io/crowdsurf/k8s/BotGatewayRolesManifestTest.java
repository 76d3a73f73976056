package io.crowdsurf.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * bot-gateway runs as two Knative Services of one image: {@code bot-gateway} with only the webhook role and
 * {@code bot-gateway-replies} with only the reply role, each with its own scale, and the reply Trigger delivers to
 * the reply Service only — so a burst of webhooks never shares a pod with the replies it causes.
 */
class BotGatewayRolesManifestTest {

    static final List<String> TARGETS = Manifests.ALL;

    @ParameterizedTest
    @FieldSource("TARGETS")
    void theWebhookAndReplyRolesAreTwoServicesOfTheSameImage(String target) {
        Manifests m = Manifests.of(target);
        var webhooks = m.find(io.fabric8.knative.serving.v1.Service.class, "bot-gateway").orElseThrow();
        var replies = m.find(io.fabric8.knative.serving.v1.Service.class, "bot-gateway-replies").orElseThrow();
        Container w = webhooks.getSpec().getTemplate().getSpec().getContainers().get(0);
        Container r = replies.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(r.getImage()).isEqualTo(w.getImage()).contains("bot-gateway");
        assertThat(roles(w)).isEqualTo("webhooks");
        assertThat(roles(r)).isEqualTo("replies");
        assertThat(ManifestRules.catalogId(replies)).isEqualTo("bot-gateway");
        assertThat(replies.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("autoscaling.knative.dev/max-scale");
    }

    @ParameterizedTest
    @FieldSource("TARGETS")
    void replyRequestsAreDeliveredToTheReplyServiceOnly(String target) {
        Manifests m = Manifests.of(target);
        List<String> subscribers = m.all(Trigger.class).stream()
                .filter(t -> "com.crowdsurf.chat.reply.requested".equals(t.getSpec().getFilter().getAttributes().get("type")))
                .map(t -> t.getSpec().getSubscriber().getRef().getName()).toList();
        assertThat(subscribers).containsExactly("bot-gateway-replies");
        assertThat(m.all(Trigger.class)).extracting(t -> t.getSpec().getSubscriber().getRef().getName())
                .as("no Trigger delivers to the webhook Service").doesNotContain("bot-gateway");
    }

    private static String roles(Container c) {
        return c.getEnv() == null ? null : c.getEnv().stream().filter(e -> e.getName().equals("GATEWAY_ROLES"))
                .map(EnvVar::getValue).findFirst().orElse(null);
    }
}
