package io.crowdsurf.quiz.service;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.crowdsurf.quiz.domain.AnswerGrader;
import io.crowdsurf.quiz.domain.Channel;
import io.crowdsurf.quiz.domain.Messages;
import io.crowdsurf.quiz.domain.PoolSpec;
import io.crowdsurf.quiz.domain.Question;
import io.crowdsurf.quiz.domain.Selection;
import io.crowdsurf.quiz.domain.SelectionMode;

/**
 * Checks a campaign request and names the first offending field (dotted path, list indexes as
 * segments: {@code questions.0.options}). Limits follow the platforms: Messenger buttons show at most
 * 20 characters and 13 quick replies, messages at most 2,000 characters.
 */
public final class CampaignValidator {

    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    public static final Pattern POOL_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** Per pool: the pool document lists every holder, and must stay far below MongoDB's 16 MB. */
    public static final int MAX_CAPACITY = 50_000;
    public static final int MAX_POOLS = 10;
    public static final int MAX_QUESTIONS = 20;
    public static final int MAX_OPTIONS = 13;
    public static final int MAX_BUTTON = 20;
    public static final int MAX_TEXT = 2000;
    /** Messenger tags that may carry an invitation outside the 24-hour window. */
    public static final Set<String> MESSAGE_TAGS = Set.of("CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE",
            "ACCOUNT_UPDATE", "HUMAN_AGENT");

    private CampaignValidator() {
    }

    public static void validate(CampaignCommand r) {
        if (r.id() != null && !ID.matcher(r.id()).matches()) {
            fail("id", "must match " + ID.pattern());
        }
        text("name", r.name(), 100);
        if (r.startsAt() == null) {
            fail("startsAt", "is required (ISO-8601 instant, e.g. 2026-06-01T18:00:00Z)");
        }
        if (r.endsAt() == null) {
            fail("endsAt", "is required (ISO-8601 instant)");
        }
        if (!r.endsAt().isAfter(r.startsAt())) {
            fail("endsAt", "must be after startsAt");
        }
        channels(r.channels());
        selection(r.selection());
        questions(r.questions());
        if (r.requiredCorrect() != null && (r.requiredCorrect() < 1 || r.requiredCorrect() > r.questions().size())) {
            fail("requiredCorrect", "must be between 1 and the number of questions (" + r.questions().size() + ")");
        }
        pools(r.pools());
        messages(r.messages());
    }

    private static void channels(List<Channel> channels) {
        if (channels == null || channels.isEmpty()) {
            fail("channels", "at least one channel (platform and botId) is required");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < channels.size(); i++) {
            Channel ch = channels.get(i);
            if (ch == null || ch.platform() == null) {
                fail("channels." + i + ".platform", "is required: messenger, slack, telegram or webchat");
            }
            text("channels." + i + ".botId", ch.botId(), 200);
            if (!seen.add(ch.platform().id() + ":" + ch.botId())) {
                fail("channels." + i, "is listed twice");
            }
        }
    }

    private static void selection(Selection s) {
        if (s == null || s.mode() == null) {
            fail("selection.mode", "is required: INSTANT or SCHEDULED");
        }
        if (s.mode() == SelectionMode.INSTANT
                && (s.probability() == null || !(s.probability() > 0) || s.probability() > 1)) {
            fail("selection.probability", "must be greater than 0 and at most 1 for instant selection");
        }
        if (s.messageTag() != null && !MESSAGE_TAGS.contains(s.messageTag())) {
            fail("selection.messageTag", "must be one of " + MESSAGE_TAGS);
        }
    }

    private static void questions(List<Question> questions) {
        if (questions == null || questions.isEmpty() || questions.size() > MAX_QUESTIONS) {
            fail("questions", "between 1 and " + MAX_QUESTIONS + " questions are required");
        }
        for (int i = 0; i < questions.size(); i++) {
            String f = "questions." + i;
            Question q = questions.get(i);
            if (q == null) {
                fail(f, "is empty");
            }
            text(f + ".text", q.text(), 640);
            if (q.accepted().isEmpty()) {
                fail(f + ".accepted", "at least one accepted answer is required");
            }
            for (int j = 0; j < q.accepted().size(); j++) {
                if (AnswerGrader.normalize(q.accepted().get(j)).isEmpty()) {
                    fail(f + ".accepted." + j, "must contain a letter or digit");
                }
            }
            if (q.options().size() > MAX_OPTIONS) {
                fail(f + ".options", "at most " + MAX_OPTIONS + " options (Messenger quick replies)");
            }
            Set<String> seen = new HashSet<>();
            for (int j = 0; j < q.options().size(); j++) {
                text(f + ".options." + j, q.options().get(j), MAX_BUTTON);
                if (!seen.add(AnswerGrader.normalize(q.options().get(j)))) {
                    fail(f + ".options." + j, "is the same as another option");
                }
            }
            if (!q.options().isEmpty() && q.accepted().stream().map(AnswerGrader::normalize).noneMatch(seen::contains)) {
                fail(f + ".options", "none of the options is an accepted answer");
            }
        }
    }

    private static void pools(List<PoolSpec> pools) {
        if (pools == null || pools.isEmpty() || pools.size() > MAX_POOLS) {
            fail("pools", "between 1 and " + MAX_POOLS + " ticket pools are required");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < pools.size(); i++) {
            PoolSpec p = pools.get(i);
            String f = "pools." + i;
            if (p == null || p.id() == null || !POOL_ID.matcher(p.id()).matches()) {
                fail(f + ".id", "must match " + POOL_ID.pattern());
            }
            if (!ids.add(p.id())) {
                fail(f + ".id", "is used twice");
            }
            text(f + ".name", p.name(), MAX_BUTTON);
            if (p.capacity() < 0 || p.capacity() > MAX_CAPACITY) {
                fail(f + ".capacity", "must be between 0 and " + MAX_CAPACITY);
            }
            if (p.url() != null && !webUrl(p.url())) {
                fail(f + ".url", "must be an http or https URL with a host, at most " + MAX_URL + " characters");
            }
        }
    }

    /** The event page a pool's ticket message links to; metrics-service's links API takes the same. */
    static final int MAX_URL = 2048;

    private static boolean webUrl(String url) {
        if (url.length() > MAX_URL) {
            return false;
        }
        try {
            java.net.URI u = new java.net.URI(url);
            return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
                    && u.getHost() != null && u.getRawUserInfo() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static void messages(Messages m) {
        if (m == null) {
            return;
        }
        String[][] all = { { "welcome", m.welcome() }, { "notSelected", m.notSelected() }, { "entered", m.entered() },
                { "invited", m.invited() }, { "question", m.question() }, { "correct", m.correct() },
                { "wrong", m.wrong() }, { "lost", m.lost() }, { "won", m.won() }, { "choosePool", m.choosePool() },
                { "soldOut", m.soldOut() }, { "ticket", m.ticket() }, { "alreadyPlayed", m.alreadyPlayed() },
                { "closed", m.closed() } };
        for (String[] kv : all) {
            if (kv[1] != null && kv[1].length() > MAX_TEXT) {
                fail("messages." + kv[0], "at most " + MAX_TEXT + " characters");
            }
        }
        if (m.ticket() != null && !m.ticket().isBlank() && !m.ticket().contains("{code}")) {
            fail("messages.ticket", "must contain {code}, or the winner never learns the ticket code");
        }
    }

    private static void text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            fail(field, "is required");
        }
        if (value.length() > max) {
            fail(field, "at most " + max + " characters");
        }
    }

    static void fail(String field, String detail) {
        throw new InvalidInputException(field, field + " " + detail);
    }
}
