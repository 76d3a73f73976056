package io.crowdsurf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Freezes the devstack's event dispatcher (SIGSTOP, then SIGCONT) for the span of a measurement, so that
 * quiz-service and bot-gateway's reply function get no events and the webhook path has the machine to itself,
 * as on Knative, where the consumers run in other pods. Nothing is lost: the events wait in Kafka and the
 * dispatcher delivers them once it is resumed. Only for {@code ingest-ceiling --pause-consumers=true}.
 */
final class ConsumerPause implements AutoCloseable {

    private final long pid;

    private ConsumerPause(long pid) {
        this.pid = pid;
    }

    /** Pauses the dispatcher whose pid file is under {@code .devstack/pids/} of this checkout. */
    static ConsumerPause dispatcher() {
        Path pidFile = Machine.repoRoot().resolve(".devstack/pids/dispatcher.pid");
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).strip());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("--pause-consumers needs the devstack's dispatcher (" + pidFile + "): "
                    + e.getMessage(), e);
        }
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException("--pause-consumers: dispatcher pid " + pid + " is not running");
        }
        signal(pid, "STOP");
        System.out.println("event dispatcher (pid " + pid + ") paused: events wait in Kafka until it resumes");
        return new ConsumerPause(pid);
    }

    @Override
    public void close() {
        signal(pid, "CONT");
        System.out.println("event dispatcher (pid " + pid + ") resumed");
    }

    private static void signal(long pid, String signal) {
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + signal + " " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + pid, e);
        }
    }
}
