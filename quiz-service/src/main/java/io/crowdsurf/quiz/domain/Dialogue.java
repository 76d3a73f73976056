package io.crowdsurf.quiz.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.crowdsurf.events.data.Choice;

/**
 * The conversation rules as a pure function: (campaign, fan, message) → next fan version, replies, and
 * whether a ticket must be claimed. No I/O, so every rule is testable on its own; persistence and the
 * ticket claim are the caller's ({@code ConversationService}, {@code TicketIssuer}).
 */
public final class Dialogue {

    /**
     * @param next  the fan's next version (not yet stored)
     * @param claim the fan won and must claim a ticket from {@code next.poolId()}
     */
    public record Step(Fan.Builder next, List<Reply> replies, boolean claim) {
    }

    /** What a claim came to. */
    public sealed interface ClaimResult {
        record Issued(Ticket ticket) implements ClaimResult {
        }

        record SoldOut() implements ClaimResult {
        }
    }

    private Dialogue() {
    }

    /**
     * @param fan       the fan, or a blank one with a null state when this is the first message
     * @param remaining tickets left per pool id (only read when the fan wins or chooses a pool)
     */
    public static Step onMessage(Campaign c, Fan fan, Incoming m, Supplier<Map<String, Integer>> remaining) {
        Fan.Builder next = fan.toBuilder().lastMessageAt(m.at()).userName(m.userName());
        Messages t = c.texts();
        List<Reply> replies = new ArrayList<>();
        if (fan.state() == null) {
            return first(c, fan, next, replies);
        }
        switch (fan.state()) {
            case ASKING -> {
                return answer(c, fan, m, next, replies, remaining);
            }
            case CHOOSING_POOL -> {
                return choose(c, fan, m, next, replies, remaining);
            }
            case ENTERED -> replies.add(Reply.of(render(t.entered(), c, fan)));
            case TICKET_ISSUED -> replies.add(Reply.of(ticketText(t, c, fan, fan.poolId(), poolName(c, fan.poolId()),
                    fan.ticketCode())));
            case SOLD_OUT -> replies.add(Reply.of(render(t.soldOut(), c, fan, "pool", allPoolNames(c))));
            case NOT_SELECTED, LOST -> replies.add(Reply.of(render(t.alreadyPlayed(), c, fan)));
            case ISSUING -> throw new IllegalStateException("a claim in progress is finished before new messages");
            default -> throw new IllegalStateException("unknown state " + fan.state());
        }
        return new Step(next, replies, false);
    }

    /** A fan picked in a scheduled draw: invite and ask the first question. */
    public static Step onInvited(Campaign c, Fan fan, String drawId) {
        Messages t = c.texts();
        Fan.Builder next = fan.toBuilder().selected(true).invitedBy(drawId).state(FanState.ASKING).questionIndex(0);
        List<Reply> replies = new ArrayList<>();
        replies.add(Reply.of(render(t.invited(), c, fan)));
        replies.add(question(c, fan, 0));
        return new Step(next, replies, false);
    }

    /** After the claim of an ISSUING fan: the ticket, or the pool ran dry (offer another, or sold out). */
    public static Step afterClaim(Campaign c, Fan fan, ClaimResult result, Map<String, Integer> remaining) {
        Messages t = c.texts();
        Fan.Builder next = fan.toBuilder().pendingEventKey(null).pendingReplies(List.of());
        List<Reply> replies = new ArrayList<>();
        if (result instanceof ClaimResult.Issued issued) {
            Ticket ticket = issued.ticket();
            next.state(FanState.TICKET_ISSUED).poolId(ticket.poolId()).ticketCode(ticket.code());
            replies.add(Reply.of(ticketText(t, c, fan, ticket.poolId(), ticket.poolName(), ticket.code())));
        } else {
            replies.add(Reply.of(render(t.soldOut(), c, fan, "pool", poolName(c, fan.poolId()))));
            next.poolId(null).ticketCode(null);
            offerPools(c, fan, next, replies, remaining);
        }
        return new Step(next, replies, false);
    }

    private static Step first(Campaign c, Fan fan, Fan.Builder next, List<Reply> replies) {
        Messages t = c.texts();
        if (c.selection().mode() == SelectionMode.SCHEDULED) {
            next.state(FanState.ENTERED);
            replies.add(Reply.of(render(t.entered(), c, fan)));
            return new Step(next, replies, false);
        }
        double u = FairDraw.value(c.seed(), fan.conversationId());
        boolean picked = u < c.selection().probability();
        next.draw(u).selected(picked);
        if (!picked) {
            next.state(FanState.NOT_SELECTED);
            replies.add(Reply.of(render(t.notSelected(), c, fan)));
            return new Step(next, replies, false);
        }
        next.state(FanState.ASKING).questionIndex(0);
        replies.add(Reply.of(render(t.welcome(), c, fan)));
        replies.add(question(c, fan, 0));
        return new Step(next, replies, false);
    }

    private static Step answer(Campaign c, Fan fan, Incoming m, Fan.Builder next, List<Reply> replies,
            Supplier<Map<String, Integer>> remaining) {
        Messages t = c.texts();
        int k = fan.questionIndex();
        Question q = c.questions().get(k);
        Boolean right = grade(c, q, k, m);
        if (right == null) {
            // Nothing gradable (a sticker, a stale button of another question): ask again.
            replies.add(question(c, fan, k));
            return new Step(next, replies, false);
        }
        int correct = fan.correct() + (right ? 1 : 0);
        int left = c.questions().size() - (k + 1);
        next.answered(fan.answered() + 1).correct(correct);
        replies.add(Reply.of(render(right ? t.correct() : t.wrong(), c, fan)));
        if (correct >= c.requiredCorrect()) {
            next.won(true);
            replies.add(Reply.of(render(t.won(), c, fan)));
            return winner(c, fan, next, replies, remaining.get());
        }
        if (correct + left < c.requiredCorrect()) {
            next.state(FanState.LOST);
            replies.add(Reply.of(render(t.lost(), c, fan)));
            return new Step(next, replies, false);
        }
        next.questionIndex(k + 1);
        replies.add(question(c, fan, k + 1));
        return new Step(next, replies, false);
    }

    /** Right (true), wrong (false) or nothing to grade (null). Buttons are matched exactly, typing by the grader. */
    static Boolean grade(Campaign c, Question q, int k, Incoming m) {
        if (m.choice() != null && !m.choice().isBlank()) {
            Optional<Payloads.OptionTap> tap = Payloads.parseOption(c.id(), m.choice());
            if (tap.isPresent()) {
                Payloads.OptionTap o = tap.get();
                if (o.question() != k || o.option() < 0 || o.option() >= q.options().size()) {
                    return null;
                }
                String title = AnswerGrader.normalize(q.options().get(o.option()));
                return q.accepted().stream().map(AnswerGrader::normalize).anyMatch(title::equals);
            }
        }
        if (m.text() != null && !m.text().isBlank()) {
            return AnswerGrader.matches(m.text(), q.accepted());
        }
        return null;
    }

    private static Step winner(Campaign c, Fan fan, Fan.Builder next, List<Reply> replies,
            Map<String, Integer> remaining) {
        if (c.pools().size() == 1) {
            PoolSpec only = c.pools().get(0);
            if (remaining.getOrDefault(only.id(), 0) > 0) {
                next.state(FanState.ISSUING).poolId(only.id()).ticketCode(TicketCodes.next());
                return new Step(next, replies, true);
            }
            next.state(FanState.SOLD_OUT);
            replies.add(Reply.of(render(c.texts().soldOut(), c, fan, "pool", only.name())));
            return new Step(next, replies, false);
        }
        offerPools(c, fan, next, replies, remaining);
        return new Step(next, replies, false);
    }

    private static Step choose(Campaign c, Fan fan, Incoming m, Fan.Builder next, List<Reply> replies,
            Supplier<Map<String, Integer>> remaining) {
        Optional<PoolSpec> picked = Payloads.parsePool(c.id(), m.choice()).flatMap(c::pool)
                .or(() -> byName(c, m.text()));
        Map<String, Integer> left = remaining.get();
        if (picked.isEmpty()) {
            offerPools(c, fan, next, replies, left);
            return new Step(next, replies, false);
        }
        PoolSpec pool = picked.get();
        if (left.getOrDefault(pool.id(), 0) <= 0) {
            replies.add(Reply.of(render(c.texts().soldOut(), c, fan, "pool", pool.name())));
            offerPools(c, fan, next, replies, left);
            return new Step(next, replies, false);
        }
        next.state(FanState.ISSUING).poolId(pool.id()).ticketCode(TicketCodes.next());
        return new Step(next, replies, true);
    }

    /** Asks the fan to choose among pools with tickets left; none left means sold out. */
    private static void offerPools(Campaign c, Fan fan, Fan.Builder next, List<Reply> replies,
            Map<String, Integer> remaining) {
        List<Choice> choices = c.pools().stream()
                .filter(p -> remaining.getOrDefault(p.id(), 0) > 0)
                .map(p -> new Choice(p.name(), Payloads.pool(c.id(), p.id())))
                .toList();
        if (choices.isEmpty()) {
            next.state(FanState.SOLD_OUT);
            if (replies.stream().noneMatch(r -> r.text().equals(render(c.texts().soldOut(), c, fan, "pool",
                    allPoolNames(c))))) {
                replies.add(Reply.of(render(c.texts().soldOut(), c, fan, "pool", allPoolNames(c))));
            }
            return;
        }
        next.state(FanState.CHOOSING_POOL);
        replies.add(new Reply(render(c.texts().choosePool(), c, fan), choices));
    }

    private static Optional<PoolSpec> byName(Campaign c, String text) {
        String typed = AnswerGrader.normalize(text);
        if (typed.isEmpty()) {
            return Optional.empty();
        }
        return c.pools().stream()
                .filter(p -> typed.equals(AnswerGrader.normalize(p.name())) || typed.equals(AnswerGrader.normalize(p.id())))
                .findFirst();
    }

    static Reply question(Campaign c, Fan fan, int k) {
        Question q = c.questions().get(k);
        List<Choice> choices = new ArrayList<>();
        for (int i = 0; i < q.options().size(); i++) {
            choices.add(new Choice(q.options().get(i), Payloads.option(c.id(), k, i)));
        }
        String text = render(c.texts().question(), c, fan, "n", String.valueOf(k + 1),
                "total", String.valueOf(c.questions().size()), "question", q.text());
        return new Reply(text, choices);
    }

    private static String poolName(Campaign c, String poolId) {
        return c.pool(poolId).map(PoolSpec::name).orElse(String.valueOf(poolId));
    }

    private static String allPoolNames(Campaign c) {
        List<String> names = c.pools().stream().map(PoolSpec::name).toList();
        return names.size() <= 1 ? String.join("", names)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** Fills {name}, {campaign} and the given key/value pairs into a text. */
    /** The ticket text, with the pool's event link ({@link PoolSpec#link}) at {link} or on a line of its own. */
    static String ticketText(Messages t, Campaign c, Fan fan, String poolId, String poolName, String code) {
        String link = c.pool(poolId).map(PoolSpec::link).orElse(null);
        String text = render(t.ticket(), c, fan, "pool", poolName, "code", code, "link", link);
        return link == null || t.ticket().contains("{link}") ? text : text + "\n" + link;
    }

    static String render(String template, Campaign c, Fan fan, String... pairs) {
        String name = fan.userName() == null || fan.userName().isBlank() ? "there" : fan.userName();
        String out = template.replace("{name}", name).replace("{campaign}", c.name());
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            out = out.replace("{" + pairs[i] + "}", pairs[i + 1] == null ? "" : pairs[i + 1]);
        }
        return out;
    }
}
