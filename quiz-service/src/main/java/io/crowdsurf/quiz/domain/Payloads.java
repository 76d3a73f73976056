package io.crowdsurf.quiz;

import java.util.Optional;

/**
 * Button payloads quiz-service puts in {@code Choice.payload} and reads back from
 * {@code ChatMessageReceived.choice}: {@code quiz:<campaignId>:q<k>:<option>} for question k's option
 * (both 0-based) and {@code quiz:<campaignId>:pool:<poolId>} for a ticket pool.
 */
public final class Payloads {

    /** A tapped option of a question. */
    public record OptionTap(int question, int option) {
    }

    private Payloads() {
    }

    public static String option(String campaignId, int question, int option) {
        return "quiz:" + campaignId + ":q" + question + ":" + option;
    }

    public static String pool(String campaignId, String poolId) {
        return "quiz:" + campaignId + ":pool:" + poolId;
    }

    public static Optional<OptionTap> parseOption(String campaignId, String payload) {
        String prefix = "quiz:" + campaignId + ":q";
        if (payload == null || !payload.startsWith(prefix)) {
            return Optional.empty();
        }
        String[] parts = payload.substring(prefix.length()).split(":", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new OptionTap(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static Optional<String> parsePool(String campaignId, String payload) {
        String prefix = "quiz:" + campaignId + ":pool:";
        return payload != null && payload.startsWith(prefix) && payload.length() > prefix.length()
                ? Optional.of(payload.substring(prefix.length()))
                : Optional.empty();
    }
}
