package io.crowdsurf.devstack.dispatch;

/** A reply or dead letter Kafka did not acknowledge; the record is not done and must be handled again. */
class KafkaWriteException extends RuntimeException {

    KafkaWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
