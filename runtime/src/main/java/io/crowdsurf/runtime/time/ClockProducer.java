package io.crowdsurf.runtime.time;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/**
 * The one clock of every service: UTC system time. Usage: take a {@code Clock} in a constructor and call
 * {@code clock.instant()} instead of {@code Instant.now()}, so time rules are testable. A service or a test
 * replaces it by producing its own {@code Clock} bean (this one is a {@link DefaultBean}, so any other wins),
 * e.g. a {@code @Mock}/{@code @Alternative} producer returning {@code Clock.fixed(...)}.
 */
@Singleton
public class ClockProducer {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
