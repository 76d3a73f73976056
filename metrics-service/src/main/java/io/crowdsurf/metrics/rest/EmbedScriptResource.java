package io.crowdsurf.metrics.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import io.crowdsurf.metrics.config.WidgetConfig;

/**
 * {@code GET /widget/embed.js}: the script affiliate sites paste. Served from memory with a strong ETag, cacheable
 * by browsers and CDNs for {@code metrics.widget.script-max-age}, and with CORS so a page may also load it as a
 * module or with {@code crossorigin}.
 */
@Path("/widget/embed.js")
@ApplicationScoped
public class EmbedScriptResource {

    static final String RESOURCE = "/widget/embed.js";

    private final byte[] script;
    private final String etag;
    private final String cacheControl;

    public EmbedScriptResource(WidgetConfig config) {
        try (InputStream in = EmbedScriptResource.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            this.script = in.readAllBytes();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script);
            this.etag = "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.cacheControl = "public, max-age=" + config.scriptMaxAge().toSeconds();
    }

    @GET
    public Response script(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Response.ResponseBuilder r = EntityTags.matches(ifNoneMatch, etag) ? Response.notModified()
                : Response.ok(script).type("text/javascript; charset=utf-8");
        return WidgetResource.cors(r).header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header("X-Content-Type-Options", "nosniff").build();
    }

    int size() {
        return script.length;
    }
}
