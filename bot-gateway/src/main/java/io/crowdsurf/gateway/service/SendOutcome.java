package io.crowdsurf.gateway.service;

import io.crowdsurf.events.data.Platform;
import io.crowdsurf.gateway.domain.SendResult;

/** What the send attempts of one reply came to, and how many there were. */
record SendOutcome(Platform platform, SendResult result, int attempts) {
}
