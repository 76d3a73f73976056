package io.crowdsurf.alert.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.crowdsurf.alert.domain.Caller;
import io.crowdsurf.runtime.rest.ProblemException;

/**
 * The owner's pages, reached by the personal link {@code /alerts} sends: {@code /alerts?t=<token>} (their alerts)
 * and {@code /alerts/new?t=<token>} (the "Create New Alert" form). Plain HTML; the script
 * ({@code /alerts/form.js}, a static file) calls the alert API with the link's token as bearer. The token is
 * checked here too, so a wrong or expired link gets a 401 page instead of a form that cannot work.
 */
@Path("/alerts")
public class FormResource {

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final Callers callers;
    private final String page;

    public FormResource(Callers callers) {
        this.callers = callers;
        try (InputStream in = FormResource.class.getResourceAsStream("/pages/alerts.html")) {
            this.page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response list(@QueryParam("t") String token) {
        return render(token, "list");
    }

    @GET
    @Path("/new")
    @Produces(MediaType.TEXT_HTML)
    public Response form(@QueryParam("t") String token) {
        return render(token, "new");
    }

    private Response render(String token, String view) {
        Caller owner;
        try {
            owner = callers.ofLink(token);
        } catch (ProblemException e) {
            return Response.status(401).type("text/html; charset=utf-8").header("Content-Security-Policy", CSP)
                    .header("Cache-Control", "no-store")
                    .entity("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Link expired</title>"
                            + "<p>This link is wrong or has expired. Send <code>/alerts</code> in the chat for a new one.</p></html>")
                    .build();
        }
        String html = page.replace("{{view}}", view)
                .replace("{{conversation}}", escape(owner.owner().conversationId()));
        return Response.ok(html, "text/html; charset=utf-8").header("Content-Security-Policy", CSP)
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").build();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
