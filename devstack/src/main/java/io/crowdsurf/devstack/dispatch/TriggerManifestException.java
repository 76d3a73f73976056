package io.crowdsurf.devstack.dispatch;

/** A Trigger manifest the dispatcher cannot honour; the message names the file and the field. */
public class TriggerManifestException extends RuntimeException {

    public TriggerManifestException(String message) {
        super(message);
    }

    public TriggerManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
