package io.crowdsurf.metrics.domain;

import java.time.Instant;
import java.util.Map;

/**
 * What {@code /stats members} reports, kept up to date from {@code chat.message.received}.
 *
 * @param fans        distinct fans (platform, bot, user) the bots have talked to
 * @param referred    of those, the ones whose first contact came through a referral (m.me link, QR code, ad)
 * @param referrals   first-contact referral code → fans
 * @param platforms   platform id → fans
 * @param lastFanName display name of the most recent new fan, or null when the platform gave none
 * @param lastFanAt   when the most recent new fan first wrote, or null before the first fan
 */
public record MemberRollup(long fans, long referred, Map<String, Long> referrals, Map<String, Long> platforms,
        String lastFanName, String lastFanPlatform, Instant lastFanAt) {

    public static final MemberRollup EMPTY = new MemberRollup(0, 0, Map.of(), Map.of(), null, null, null);
}
