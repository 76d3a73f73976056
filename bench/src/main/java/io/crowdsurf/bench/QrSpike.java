package io.crowdsurf.bench;

public final class QrSpike {
    private QrSpike() {
    }

    public static int run(Options o) {
        throw new UnsupportedOperationException("not yet");
    }
}
