package io.crowdsurf.gateway.rest;

import java.util.Optional;

import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;

/** A channel whose secret is unset is switched off: it answers 404 and is never open without a signature. */
final class Channels {

    private Channels() {
    }

    static String secretOrNotFound(Optional<String> secret, String channel, String variable) {
        return secret.filter(s -> !s.isBlank()).orElseThrow(() -> new ProblemException(Problem.of(404, "Not Found",
                "the " + channel + " channel is not enabled on this gateway (" + variable + " is unset)")));
    }
}
