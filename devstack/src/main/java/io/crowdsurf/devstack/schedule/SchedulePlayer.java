package io.crowdsurf.devstack.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the manifests' CronJobs on the laptop: at each firing, puts the Job's CloudEvent on Kafka (the id of the
 * slot, so a repeat of the slot is the same event). Runs inside the dispatcher process ({@code --schedules}).
 */
public final class SchedulePlayer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulePlayer.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "schedules");
        t.setDaemon(true);
        return t;
    });
    private final EventSender sender;
    private final Clock clock;

    private SchedulePlayer(EventSender sender, Clock clock) {
        this.sender = sender;
        this.clock = clock;
    }

    public static SchedulePlayer start(List<Schedule> schedules, EventSender sender, Clock clock) {
        SchedulePlayer player = new SchedulePlayer(sender, clock);
        for (Schedule s : schedules) {
            player.plan(s);
            LOG.info("schedule {} ({}, {}): {} next at {}", s.name(), s.cron().expression(), s.zone(), s.type(),
                    s.cron().next(ZonedDateTime.now(clock), s.zone()));
        }
        return player;
    }

    private void plan(Schedule s) {
        ZonedDateTime next = s.cron().next(ZonedDateTime.now(clock), s.zone());
        long delay = Math.max(0, Duration.between(ZonedDateTime.now(clock), next).toMillis());
        timer.schedule(() -> fire(s, next), delay, TimeUnit.MILLISECONDS);
    }

    private void fire(Schedule s, ZonedDateTime slot) {
        try {
            var sent = sender.send(EventSender.event(s.type(), s.idAt(slot), s.source(), s.data()));
            LOG.info("schedule {}: sent {} {}", s.name(), sent.getType(), sent.getId());
        } catch (Exception e) {
            LOG.warn("schedule {}: could not send the {} event: {}", s.name(), slot, e.getMessage());
        } finally {
            plan(s);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        sender.close();
    }
}
