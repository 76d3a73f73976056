package io.crowdsurf.runtime.rest;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParseException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorPolicyTest {

    @Test
    void aProblemExceptionAnywhereInTheCausesIsAnsweredWithItsProblem() {
        Problem busy = Problem.of(503, "Service Unavailable", "busy");
        RuntimeException wrapped = new RuntimeException("funqy", new ProblemException(busy));

        assertThat(ErrorPolicy.known(wrapped)).contains(busy);
    }

    @Test
    void dataAFunctionCannotReadIsPoisonNotAKnownProblem() {
        IOException json = new JsonParseException(null, "unknown platform");

        // Past the guard, unusable data is retried and dead-lettered like any other failure of the function.
        assertThat(ErrorPolicy.known(new UncheckedIOException(json))).isEmpty();
    }

    @Test
    void anythingElseIsUnknownAndBecomesA500NamingALoggedErrorId() {
        IllegalStateException bug = new IllegalStateException("bug");

        assertThat(ErrorPolicy.known(bug)).isEmpty();
        assertThat(ErrorPolicy.known(null)).isEmpty();
        Problem p = ErrorPolicy.unexpected(Logger.getLogger(ErrorPolicyTest.class), "test", bug, "could not");
        assertThat(p.status()).isEqualTo(500);
        assertThat(p.detail()).startsWith("could not; error id ").doesNotContain("bug")
                .matches(".*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    }
}
