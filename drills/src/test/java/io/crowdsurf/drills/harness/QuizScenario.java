package io.crowdsurf.drills.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DJ's quiz as fans live it, end to end through the real services: a campaign on one Messenger page
 * (everyone selected, one multiple-choice question, two ticket pools), and fans who each send a first
 * message, answer the question only after receiving it, and choose a pool only after being asked — as
 * a real fan would. Every reply is read back from the Send API stub. Texts are short markers so the
 * expected replies of each fan are known exactly; quiz-service sends one reply per turn, its parts separated by a
 * blank line:
 * <pre>
 *   winner: "W⏎⏎Q1/1: …", "RIGHT⏎⏎WON⏎⏎POOL?", "TICKET &lt;pool&gt; &lt;code&gt;"   (3 replies for 3 messages)
 *   loser:  "W⏎⏎Q1/1: …", "WRONG⏎⏎LOST"                                 (2 replies for 2 messages)
 * </pre>
 * Every fan whose index is a multiple of {@link #LOSER_EVERY} minus one answers wrong.
 */
public final class QuizScenario {

    public static final int LOSER_EVERY = 5;
    /** The reply to a fan's first message: welcome and the question, one message. */
    public static final String FIRST_TURN = "W\n\nQ1/1: Where is the party?";
    /** The reply to a right answer: feedback, "you won" and the pool prompt, one message. */
    public static final String WINNING_TURN = "RIGHT\n\nWON\n\nPOOL?";
    /** The reply to a wrong answer. */
    public static final String LOSING_TURN = "WRONG\n\nLOST";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a webhook gets to the gateway: once, three times, until acknowledged... */
    public interface Delivery {
        void deliver(Messenger messenger, byte[] body);
    }

    private final Stack stack;
    private final String campaignId;
    private final String pageId;
    private final int fans;
    private final int poolCapacity;
    private final Messenger messenger;
    private final Map<Integer, Integer> stage = new ConcurrentHashMap<>();
    private final AtomicInteger sends = new AtomicInteger();
    private int duplicateTicketRecords;

    public QuizScenario(Stack stack, String campaignId, int fans, int poolCapacity) {
        this.stack = stack;
        this.campaignId = campaignId;
        this.pageId = "page-" + campaignId;
        this.fans = fans;
        this.poolCapacity = poolCapacity;
        this.messenger = stack.messenger(pageId);
    }

    public String campaignId() {
        return campaignId;
    }

    public int fans() {
        return fans;
    }

    public String psid(int fan) {
        return campaignId + "-fan-" + fan;
    }

    public boolean winner(int fan) {
        return fan % LOSER_EVERY != LOSER_EVERY - 1;
    }

    public long winners() {
        return java.util.stream.IntStream.range(0, fans).filter(this::winner).count();
    }

    public Messenger messenger() {
        return messenger;
    }

    /** Creates and opens the campaign through the admin API. */
    public QuizScenario create() {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", campaignId).put("name", "Drill " + campaignId)
                .put("startsAt", "2020-01-01T00:00:00Z").put("endsAt", "2099-01-01T00:00:00Z");
        c.putArray("channels").addObject().put("platform", "messenger").put("botId", pageId);
        c.putObject("selection").put("mode", "INSTANT").put("probability", 1.0);
        ObjectNode q = c.putArray("questions").addObject().put("text", "Where is the party?");
        q.putArray("accepted").add("Amsterdam");
        q.putArray("options").add("Amsterdam").add("Rotterdam");
        c.put("requiredCorrect", 1);
        ArrayNode pools = c.putArray("pools");
        pools.addObject().put("id", "ams").put("name", "AMS").put("capacity", poolCapacity);
        pools.addObject().put("id", "nyc").put("name", "NYC").put("capacity", poolCapacity);
        c.putObject("messages").put("welcome", "W").put("question", "Q{n}/{total}: {question}")
                .put("correct", "RIGHT").put("wrong", "WRONG").put("lost", "LOST").put("won", "WON")
                .put("choosePool", "POOL?").put("soldOut", "SOLDOUT {pool}").put("ticket", "TICKET {pool} {code}")
                .put("alreadyPlayed", "PLAYED").put("closed", "CLOSED").put("notSelected", "NS");
        stack.admin().createAndOpen(c.toString(), campaignId);
        return this;
    }

    private byte[] first(int fan) {
        return messenger.message(psid(fan), mid(fan, 0), "hi", null);
    }

    private byte[] answer(int fan) {
        int option = winner(fan) ? 0 : 1;
        return messenger.message(psid(fan), mid(fan, 1), winner(fan) ? "Amsterdam" : "Rotterdam",
                "quiz:" + campaignId + ":q0:" + option);
    }

    private byte[] pool(int fan) {
        String pool = fan % 2 == 0 ? "ams" : "nyc";
        return messenger.message(psid(fan), mid(fan, 2), pool.toUpperCase(), "quiz:" + campaignId + ":pool:" + pool);
    }

    private String mid(int fan, int step) {
        return "mid." + campaignId + "." + fan + "." + step;
    }

    /** Every webhook body this scenario sent or will send, for replaying. */
    public List<byte[]> allBodies() {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < fans; i++) {
            out.add(first(i));
            out.add(answer(i));
            if (winner(i)) {
                out.add(pool(i));
            }
        }
        return out;
    }

    /**
     * Plays every fan to the end of the conversation: each step is sent (through {@code delivery}) only
     * when the reply it answers has arrived at the Send API stub. {@code onProgress} is called on each round
     * with the number of fans finished, so a drill can inject its fault mid-way.
     */
    public void play(Delivery delivery, Duration timeout, Consumer<Integer> onProgress) {
        play(delivery, timeout, onProgress, fan -> true);
    }

    /**
     * As {@link #play(Delivery, Duration, Consumer)}, but fan {@code i} sends its first message only once
     * {@code mayStart.test(i)} holds: a drill can keep fans back until its fault is in place, so that traffic
     * is certain to meet the fault however fast the others finish.
     */
    public void play(Delivery delivery, Duration timeout, Consumer<Integer> onProgress, IntPredicate mayStart) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            while (true) {
                Map<String, List<SendApi.Sent>> byFan = stack.sendApi().byFan();
                int finished = 0;
                for (int i = 0; i < fans; i++) {
                    List<SendApi.Sent> got = byFan.getOrDefault(psid(i), List.of());
                    int s = stage.getOrDefault(i, 0);
                    byte[] next = null;
                    if (s == 0 && mayStart.test(i)) {
                        next = first(i);
                    } else if (s == 1 && has(got, FIRST_TURN)) {
                        next = answer(i);
                    } else if (s == 2 && winner(i) && has(got, WINNING_TURN)) {
                        next = pool(i);
                    }
                    if (next != null) {
                        stage.put(i, s + 1);
                        byte[] body = next;
                        sends.incrementAndGet();
                        pool.submit(() -> delivery.deliver(messenger, body));
                    }
                    if (done(i, got)) {
                        finished++;
                    }
                }
                onProgress.accept(finished);
                if (finished == fans) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + finished + " of " + fans + " fans finished within " + timeout
                            + "; stages " + stage + "\n" + describe());
                }
                Poll.sleep(50);
            }
        }
    }

    private boolean done(int fan, List<SendApi.Sent> got) {
        return winner(fan) ? got.stream().anyMatch(m -> m.text() != null && m.text().startsWith("TICKET "))
                : has(got, LOSING_TURN);
    }

    private static boolean has(List<SendApi.Sent> got, String prefix) {
        return got.stream().anyMatch(m -> m.text() != null && m.text().startsWith(prefix));
    }

    /** The replies each fan must have received, each exactly once (ticket texts compared by prefix). */
    public List<String> expected(int fan) {
        return winner(fan) ? List.of(FIRST_TURN, WINNING_TURN, "TICKET " + (fan % 2 == 0 ? "AMS" : "NYC") + " ")
                : List.of(FIRST_TURN, LOSING_TURN);
    }

    /**
     * Asserts the outcome is exactly that of one clean run: waits for late duplicates to stop arriving, then
     * checks each fan got each expected reply once and nothing else, one ticket per winner, the stats and
     * the quiz.ticket.awarded events agree, and no pool is below zero.
     */
    public void assertExactlyOnce() {
        Poll.settled(Duration.ofSeconds(2), Duration.ofSeconds(20), () -> stack.sendApi().count());
        Map<String, List<SendApi.Sent>> byFan = stack.sendApi().byFan();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < fans; i++) {
            List<String> texts = byFan.getOrDefault(psid(i), List.of()).stream().map(SendApi.Sent::text).toList();
            List<String> expected = expected(i);
            boolean ok = texts.size() == expected.size();
            for (String e : expected) {
                long n = texts.stream().filter(t -> e.startsWith("TICKET ") ? t.startsWith(e) : t.equals(e)).count();
                ok &= n == 1;
            }
            if (!ok) {
                problems.add(psid(i) + " got " + texts + ", expected each once: " + expected);
            }
        }
        assertThat(problems).as("fans whose replies were lost or doubled").isEmpty();
        List<String> strays = stack.sendApi().sent().stream().filter(m -> pageId.equals(m.pageId()))
                .filter(m -> !m.psid().startsWith(campaignId + "-fan-")).map(m -> m.psid() + ": " + m.text()).toList();
        assertThat(strays).as("messages from this page to recipients that are not its fans").isEmpty();

        // At-least-once: a redelivered message may re-publish the same event (same ce id); consumers dedupe by
        // id. What must be unique is the ticket: one event id and one code per winner.
        List<EventLog.Event> awarded = EventLog.ofType(
                EventLog.read(stack.kafka().bootstrapServers(), "crowdsurf.events"), EventLog.TICKET_AWARDED).stream()
                .filter(e -> campaignId.equals(e.data().path("campaignId").asText())).toList();
        Map<String, java.util.Set<String>> codesPerFan = new HashMap<>();
        Map<String, java.util.Set<String>> idsPerFan = new HashMap<>();
        for (EventLog.Event e : awarded) {
            String fan = e.data().path("conversationId").asText();
            codesPerFan.computeIfAbsent(fan, k -> new java.util.TreeSet<>()).add(e.data().path("ticketCode").asText());
            idsPerFan.computeIfAbsent(fan, k -> new java.util.TreeSet<>()).add(e.id());
        }
        assertThat(codesPerFan).as("ticket codes per fan in quiz.ticket.awarded").hasSize((int) winners())
                .allSatisfy((fan, codes) -> assertThat(codes).as("codes of " + fan).hasSize(1));
        assertThat(idsPerFan).as("quiz.ticket.awarded event ids per fan")
                .allSatisfy((fan, ids) -> assertThat(ids).as("event ids of " + fan).hasSize(1));
        duplicateTicketRecords = awarded.size() - codesPerFan.size();

        JsonNode stats = stack.admin().stats(campaignId);
        assertThat(stats.path("ticketsIssued").asLong()).as("stats.ticketsIssued " + stats).isEqualTo(winners());
        assertThat(stats.path("won").asLong()).as("stats.won " + stats).isEqualTo(winners());
        assertThat(stats.path("lost").asLong()).as("stats.lost " + stats).isEqualTo(fans - winners());
        long issued = 0;
        for (JsonNode pool : stats.path("pools")) {
            assertThat(pool.path("remaining").asInt()).as("remaining of " + pool).isBetween(0, poolCapacity);
            assertThat(pool.path("remaining").asInt() + pool.path("issued").asLong()).as("capacity of " + pool)
                    .isEqualTo(poolCapacity);
            issued += pool.path("issued").asLong();
        }
        assertThat(issued).as("issued over all pools").isEqualTo(winners());
    }

    /** Per fan, the texts received so far: for failure messages. */
    public String describe() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        stack.sendApi().byFan().forEach((k, v) -> out.put(k, v.stream().map(SendApi.Sent::text).toList()));
        return out.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
    }

    /** Redelivered copies (same event id) of quiz.ticket.awarded seen by the last {@link #assertExactlyOnce()}. */
    public int duplicateTicketRecords() {
        return duplicateTicketRecords;
    }

    /** Webhook deliveries started. */
    public int sends() {
        return sends.get();
    }

    static Map<String, Integer> counts(List<String> texts) {
        Map<String, Integer> m = new HashMap<>();
        texts.forEach(t -> m.merge(t, 1, Integer::sum));
        return m;
    }

    /** Delivers once and requires a 200, as when all is well. */
    public static final Delivery ONCE = (m, body) -> {
        Http.Reply r = m.post(body);
        if (r.status() != 200) {
            throw new AssertionError("webhook answered " + r);
        }
    };

    /** Delivers until acknowledged, as Meta redelivers (gateway down, Kafka slow...). */
    public static final Delivery UNTIL_ACKED = (m, body) -> m.postUntilAcked(body, Duration.ofSeconds(60));
}
