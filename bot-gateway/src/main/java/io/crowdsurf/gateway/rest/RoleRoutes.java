package io.crowdsurf.gateway.rest;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowdsurf.gateway.config.GatewayConfig;
import io.crowdsurf.gateway.domain.GatewayRole;
import io.crowdsurf.runtime.rest.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;

/**
 * Serves only the paths of this process's roles ({@link GatewayRole}, {@code GATEWAY_ROLES}); the others answer
 * 404 problem+json before anything reads them, so a webhook process never runs the reply function (nor touches
 * MongoDB) and a reply process never acknowledges a webhook. Installed ahead of the CloudEvent guard.
 */
@ApplicationScoped
public class RoleRoutes {

    private static final Logger LOG = Logger.getLogger(RoleRoutes.class);
    /** Before the runtime's CloudEventGuard (-100), Quarkus REST and Funqy. */
    static final int ORDER = -110;

    private final Set<GatewayRole> roles;
    private final byte[] notHere;

    public RoleRoutes(GatewayConfig config, ObjectMapper json) throws JsonProcessingException {
        this.roles = GatewayRole.parse(config.roles());
        this.notHere = json.writeValueAsBytes(Problem.of(404, "Not Found",
                "this bot-gateway process runs the roles " + roles + " only (GATEWAY_ROLES)"));
    }

    public Set<GatewayRole> roles() {
        return roles;
    }

    void install(@Observes Router router) {
        LOG.infof("bot-gateway roles: %s", roles);
        if (roles.size() == GatewayRole.values().length) {
            return;
        }
        router.route().order(ORDER).handler(ctx -> {
            GatewayRole role = GatewayRole.of(ctx.normalizedPath());
            if (role == null || roles.contains(role)) {
                ctx.next();
                return;
            }
            ctx.response().setStatusCode(404).putHeader("Content-Type", Problem.MEDIA_TYPE).end(Buffer.buffer(notHere));
        });
    }
}
