package io.crowdsurf.devstack.dispatch;

/** Knative's {@code delivery.backoffPolicy}. */
public enum BackoffPolicy {
    LINEAR, EXPONENTIAL
}
