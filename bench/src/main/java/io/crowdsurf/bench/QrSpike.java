package io.crowdsurf.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The QR-code spike: a two-pool quiz campaign, N fans whose first messages arrive as one burst of signed
 * Messenger webhooks, then every fan answering each question only after the stub Send API received it.
 * Checks that nothing acknowledged is lost, no reply is doubled and tickets never oversell.
 */
public final class QrSpike {

    /** The questions the campaign asks (the first {@code --questions}); option titles are unique across them. */
    static final List<Quiz> QUESTIONS = List.of(
            new Quiz("Which city hosts the first party?", "Amsterdam", List.of("Amsterdam", "Berlin", "Lisbon")),
            new Quiz("What year was the band founded?", "2004", List.of("1998", "2004", "2011")),
            new Quiz("Which colour is the VIP wristband?", "Purple", List.of("Orange", "Purple", "Teal")),
            new Quiz("How many albums has the band released?", "Five", List.of("Three", "Five", "Seven")),
            new Quiz("Which stage opens first?", "Main", List.of("North", "South", "Main")),
            new Quiz("Which instrument does the singer play?", "Guitar", List.of("Drums", "Guitar", "Piano")));

    static final List<String> POOL_NAMES = List.of("Amsterdam party", "New York party", "Tokyo party", "Lagos party");

    record Quiz(String text, String answer, List<String> options) {
    }

    /** Tags the campaign's texts so the stub can tell one kind of reply from another without parsing prose. */
    static final Map<String, String> TEXTS = Map.ofEntries(
            Map.entry("notSelected", "[not-selected] Thanks for joining {campaign}! You were not picked this time."),
            Map.entry("correct", "[correct] Correct!"),
            Map.entry("wrong", "[wrong] Sorry, that's not right."),
            Map.entry("lost", "[lost] Not this time. Thanks for playing {campaign}!"),
            Map.entry("won", "[won] You won a VIP ticket!"),
            Map.entry("choosePool", "[choose-pool] Which party do you want a ticket for?"),
            Map.entry("soldOut", "[sold-out] Sorry, the {pool} tickets are all gone."),
            Map.entry("ticket", "[ticket] Your VIP ticket for {pool}: {code}"),
            Map.entry("alreadyPlayed", "[already-played] You already played {campaign}."),
            Map.entry("closed", "[closed] {campaign} is closed."));

    /** Tags of the feedback on an answer: a turn starts with one of them when it answers a question. */
    static final Set<String> FEEDBACK = Set.of("correct", "wrong");

    /** Replies that end a fan's turn without a question: the message they answer has its answer. */
    static final Set<String> TERMINAL = Set.of("ticket", "lost", "not-selected", "sold-out", "already-played", "closed");

    /** One simulated fan. Guarded by its own monitor: replies arrive on the stub's event loop. */
    static final class Fan {
        final String psid;
        int seq;
        boolean awaiting;
        boolean ackedAwaiting;
        int sent;
        int acked;
        int replies;
        int tickets;
        boolean selected;
        boolean won;
        String outcome;
        int correctGiven;
        int wrongGiven;
        /** Feedback parts in distinct messages received: more than the answers given is a duplicate too. */
        int correctSeen;
        int wrongSeen;
        final Map<String, Integer> seen = new HashMap<>();
        final Messenger messenger;

        Fan(String psid, Messenger messenger) {
            this.psid = psid;
            this.messenger = messenger;
        }

        /**
         * Replies beyond what the fan's own messages can explain: the same message delivered twice (with one reply per
         * turn every message of a fan differs — a bare feedback message, which only a split turn sends, may repeat once
         * per answer), or more "Correct!"/"wrong" parts over all its messages than answers it gave.
         */
        int duplicates() {
            int d = 0;
            for (Map.Entry<String, Integer> e : seen.entrySet()) {
                List<String> tags = tags(e.getKey());
                boolean bareFeedback = !tags.isEmpty() && FEEDBACK.containsAll(tags);
                int allowed = !bareFeedback ? 1 : tags.contains("correct") ? correctGiven : wrongGiven;
                d += Math.max(0, e.getValue() - allowed);
            }
            return d + Math.max(0, correctSeen - correctGiven) + Math.max(0, wrongSeen - wrongGiven);
        }
    }

    private final Options o;
    private final Stack stack;
    private final int fans;
    private final int concurrency;
    private final double correctP;
    private final SplittableRandom random = new SplittableRandom(42);
    private final Map<String, Fan> byPsid = new ConcurrentHashMap<>();
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private final AtomicLong lastReplyAt = new AtomicLong();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger unexpected = new AtomicInteger();
    private final AtomicInteger unknownPrompts = new AtomicInteger();
    private final AtomicInteger failedAcks = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger acked = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final List<Long> answeredAt = new ArrayList<>();
    private final Latency answerLatency = new Latency();
    private final List<String> sample = new ArrayList<>();
    private Driver driver;
    private Vertx vertx;
    private Map<String, List<String>> optionsToQuestion;
    private Set<String> poolNames;
    private String runId;

    private QrSpike(Options o) {
        this.o = o;
        this.stack = Stack.from(o);
        this.fans = o.integer("fans", 20_000);
        this.concurrency = o.integer("concurrency", 64);
        this.correctP = o.decimal("correct", 0.95);
    }

    public static int run(Options o) throws Exception {
        return new QrSpike(o).execute();
    }

    /**
     * Warms this generator's own code (signing, the HTTP client, the driver) with {@code --generator-warmup} signed
     * webhooks (default 20,000: about what ingest-ceiling's generator has sent, bare phase and warm-up, before its
     * measured gateway run) against a bare Vert.x endpoint inside this JVM. Nothing reaches the stack: the burst still
     * hits a stack that has seen no webhook. Without it the generator's JIT compiled during the burst (per-thread CPU,
     * branch gw5: 3.1 s of compiler threads in one 20,000-webhook burst; still 2.6 s after a 4,000-webhook warm-up),
     * taking cores from the stack it measures — a cost the ceiling it is compared with does not carry.
     */
    private void warmGenerator(String pageId) {
        int n = o.integer("generator-warmup", 20_000);
        if (n <= 0) {
            return;
        }
        io.vertx.core.http.HttpServer bare = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions()
                .setHost("127.0.0.1").setPort(0).setTcpNoDelay(true))
                .requestHandler(req -> req.body().onComplete(b -> req.response().setStatusCode(200).end("EVENT_RECEIVED")))
                .listen().toCompletionStage().toCompletableFuture().join();
        try {
            Messenger toBare = new Messenger(java.net.URI.create("http://127.0.0.1:" + bare.actualPort()
                    + "/webhooks/messenger"), pageId, stack.appSecret());
            List<Driver.Req> reqs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                reqs.add(toBare.text("warm" + runId + "f" + i, "m_warm" + runId + "_" + i, "Hi! I scanned the QR code"));
            }
            Burst.Result r = Burst.run("generator warm-up", driver, reqs);
            System.out.printf("generator warm-up: %d webhooks to a bare endpoint in this JVM in %.1f s%n", r.acked(),
                    r.seconds());
        } finally {
            bare.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private int execute() throws Exception {
        int questions = Math.min(o.integer("questions", 5), QUESTIONS.size());
        int pools = Math.min(o.integer("pools", 2), POOL_NAMES.size());
        double select = o.decimal("select", 1.0);
        int capacity = o.integer("capacity", fans / 4);
        Duration timeout = Duration.ofSeconds(o.integer("timeout", 1800));
        Duration idle = Duration.ofSeconds(o.integer("idle", 60));
        runId = Long.toString(System.currentTimeMillis(), 36);
        int pageCount = Math.max(1, o.integer("pages", 1));
        long pageBase = System.currentTimeMillis() * 100;
        List<String> pageIds = new ArrayList<>();
        for (int i = 0; i < pageCount; i++) {
            pageIds.add(Long.toString(pageBase + i));
        }

        CpuMeter.identify(stack.portRoles());
        Report report = new Report("qr-spike", o);
        report.put("run_id", runId);
        report.put("setup", Map.of("fans", fans, "concurrency", concurrency, "questions", questions, "pools", pools,
                "selection_probability", select, "correct_probability", correctP, "capacity", capacity,
                "pages", pageIds));

        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setBlockedThreadCheckInterval(60_000));
        SendApiStub stub;
        try {
            stub = new SendApiStub(vertx, stack.stubPort());
        } catch (RuntimeException e) {
            vertx.close();
            throw new IllegalStateException("cannot listen on the stub port " + stack.stubPort() + ": " + e.getMessage());
        }
        System.out.printf("Send API stub on %s — bot-gateway must run with MESSENGER_GRAPH_URL=%s%n",
                stack.graphUrl(), stack.graphUrl());
        System.out.println("  e.g. ./crowdsurf down; MESSENGER_GRAPH_URL=" + stack.graphUrl() + " ./crowdsurf up");

        // The campaign
        AdminApi admin = new AdminApi(stack.quiz(), stack.adminToken());
        List<Quiz> asked = QUESTIONS.subList(0, questions);
        optionsToQuestion = new HashMap<>();
        for (Quiz q : asked) {
            optionsToQuestion.put(String.join("\u0001", q.options().stream().sorted().toList()), List.of(q.answer()));
        }
        poolNames = new HashSet<>(POOL_NAMES.subList(0, pools));
        List<Integer> capacities = split(capacity, pools);
        CampaignSetup campaign = CampaignSetup.create(admin, "qr-spike-" + runId, pageIds, select, asked,
                POOL_NAMES.subList(0, pools), capacities, TEXTS);
        report.put("campaign_id", campaign.id());
        System.out.printf("campaign %s on Messenger page(s) %s: %d questions, pools %s, selection %.2f%n",
                campaign.id(), pageIds, questions, capacities, select);

        List<Messenger> messengers = pageIds.stream()
                .map(p -> new Messenger(stack.webhook(), p, stack.appSecret())).toList();
        driver = new Driver(vertx, concurrency);
        stub.onReply(this::onReply);

        List<Driver.Req> burst = new ArrayList<>(fans);
        for (int i = 0; i < fans; i++) {
            Fan f = new Fan("qr" + runId + "f" + i, messengers.get(i % messengers.size()));
            byPsid.put(f.psid, f);
            f.seq = 1;
            f.awaiting = true;
            f.sent = 1;
            burst.add(f.messenger.text(f.psid, mid(f), "Hi! I scanned the QR code"));
        }
        warmGenerator(pageIds.get(0));
        System.out.printf("burst: %d signed first messages to %s, concurrency %d%n", fans, stack.webhook(),
                concurrency);
        Profiler profiler = o.flag("profile")
                ? new Profiler(List.of("bot-gateway", "quiz-service", "MongoDB-wire"), Machine.repoRoot().resolve("bench/target/profiles"))
                : null;
        if (profiler != null) {
            profiler.start();
        }
        CpuMeter.Snapshot cpu0 = CpuMeter.snapshot();
        long t0 = System.nanoTime();
        sent.addAndGet(fans);
        Burst.Result first = Burst.run("first messages (burst)", driver, burst);
        CpuMeter.Snapshot cpuBurst = CpuMeter.snapshot();
        System.out.printf("burst done: %d acked in %.1f s (%.0f/s); fans are answering…%n", first.acked(),
                first.seconds(), first.acksPerSecond());
        for (int i = 0; i < fans; i++) {
            Fan f = byPsid.get("qr" + runId + "f" + i);
            Driver.Outcome out = first.outcomes().get(i);
            synchronized (f) {
                if (out.ok()) {
                    f.acked++;
                    f.ackedAwaiting = f.awaiting;
                    acked.incrementAndGet();
                } else {
                    retry(f, burst.get(i), 1);
                }
            }
        }

        // Wait for the conversations to finish
        long deadline = t0 + timeout.toNanos();
        String ended;
        long nextProgress = System.nanoTime() + 10_000_000_000L;
        while (true) {
            Thread.sleep(250);
            long now = System.nanoTime();
            if (now > nextProgress) {
                nextProgress = now + 10_000_000_000L;
                long done = byPsid.values().stream().filter(f -> {
                    synchronized (f) {
                        return f.outcome != null && !f.awaiting;
                    }
                }).count();
                long answered;
                synchronized (answeredAt) {
                    answered = answeredAt.size();
                }
                System.out.printf("  %5.0f s: %d webhooks acked, %d answered, %d replies, %d of %d fans finished%n",
                        (now - t0) / 1e9, acked.get(), answered, stub.replies(), done, fans);
            }
            long open = byPsid.values().stream().filter(f -> {
                synchronized (f) {
                    return f.outcome == null || f.awaiting;
                }
            }).count();
            if (open == 0) {
                ended = "every fan finished";
                break;
            }
            if (now > deadline) {
                ended = "timeout after " + timeout.toSeconds() + " s with " + open + " fans unfinished";
                break;
            }
            if (now - lastActivity.get() > idle.toNanos()) {
                ended = "no reply for " + idle.toSeconds() + " s with " + open + " fans unfinished";
                break;
            }
        }
        CpuMeter.Snapshot cpuEnd = CpuMeter.snapshot();
        System.out.println("conversations: " + ended);
        Map<String, Object> profiles = profiler == null ? null : profiler.stop();
        // Let stragglers (e.g. duplicates) arrive before counting.
        Thread.sleep(o.integer("settle-ms", 2000));

        // Results
        int lost = 0;
        int unfinished = 0;
        int selected = 0;
        int winners = 0;
        int ticketMessages = 0;
        int doubleTickets = 0;
        int replies = 0;
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        for (Fan f : byPsid.values()) {
            synchronized (f) {
                if (f.awaiting && f.ackedAwaiting) {
                    lost++;
                }
                if (f.outcome == null) {
                    unfinished++;
                }
                outcomes.merge(f.outcome == null ? "(none)" : "lost".equals(f.outcome) ? "lost the quiz" : f.outcome, 1,
                        Integer::sum);
                selected += f.selected ? 1 : 0;
                winners += f.won ? 1 : 0;
                ticketMessages += f.tickets;
                doubleTickets += f.tickets > 1 ? 1 : 0;
                replies += f.replies;
                duplicates.addAndGet(f.duplicates());
            }
        }
        long lastReply = lastReplyAt.get();
        double untilLastReply = lastReply == 0 ? Double.NaN : (lastReply - t0) / 1e9;
        long within120;
        long answeredTotal;
        synchronized (answeredAt) {
            answeredTotal = answeredAt.size();
            within120 = answeredAt.stream().filter(at -> at - t0 <= Duration.ofSeconds(120).toNanos()).count();
        }
        JsonNode stats = null;
        String statsError = null;
        try {
            stats = admin.get("/api/v1/campaigns/" + campaign.id() + "/stats");
        } catch (Exception e) {
            statsError = e.getMessage();
        }
        CampaignSetup.Tickets tickets = CampaignSetup.tickets(stats);
        int expectedTickets = Math.min(capacity, winners);

        driver.close();
        stub.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();

        Latency l = first.latency();
        report.table("qr-spike: burst of first messages (" + fans + " fans, concurrency " + concurrency + ")",
                List.of("webhooks sent", "acked (2xx)", "ack throughput", "p50", "p95", "p99", "max", "statuses"),
                List.of(List.of(Integer.toString(first.sent()), Integer.toString(first.acked()),
                        Report.num(first.acksPerSecond()) + " req/s", Report.ms(l.percentileMs(50)),
                        Report.ms(l.percentileMs(95)), Report.ms(l.percentileMs(99)), Report.ms(l.maxMs()),
                        first.statuses().toString())));
        report.table("qr-spike: conversations",
                List.of("fans", "selected", "winners", "webhooks sent (all)", "acked", "answer-ack p50 / p99",
                        "replies received", "time until last reply", "answered ≤ 120 s", "ended"),
                List.of(List.of(Integer.toString(fans), Integer.toString(selected), Integer.toString(winners),
                        Integer.toString(sent.get()), Integer.toString(acked.get()),
                        Report.ms(answerLatency.percentileMs(50)) + " / " + Report.ms(answerLatency.percentileMs(99)),
                        Integer.toString(replies), String.format(java.util.Locale.ROOT, "%.1f s", untilLastReply),
                        within120 + " of " + answeredTotal, ended)));
        // After a timeout the stack may still be working: unanswered then means pending, not lost.
        boolean drained = !ended.startsWith("timeout");
        boolean lostOk = drained && lost == 0 && unfinished == 0;
        boolean dupOk = duplicates.get() == 0 && doubleTickets == 0;
        boolean ticketsOk = tickets.issued() != null && tickets.issued() == expectedTickets
                && ticketMessages == expectedTickets;
        // judged only when the stack drained (see the checks table)
        boolean poolsOk = tickets.lowestRemaining() != null && tickets.lowestRemaining() >= 0;
        // One reply per turn: each acknowledged message gets one message back (the bench's texts never need a split).
        double perMessage = acked.get() == 0 ? Double.NaN : (double) replies / acked.get();
        boolean oneReplyOk = replies <= acked.get();
        report.table("qr-spike: checks", List.of("check", "measured", "result"), List.of(
                List.of("lost messages = 0 (acked, never answered)", lost + (drained ? " lost, " : " unanswered at timeout, ")
                        + unfinished + " fans unfinished", drained ? Report.passMiss(lostOk) : "NOT CHECKED (timeout)"),
                List.of("duplicate replies = 0", duplicates.get() + " duplicate replies, " + doubleTickets
                        + " fans with 2+ tickets", Report.passMiss(dupOk)),
                List.of("tickets issued = min(capacity, winners)", "stats " + tickets.issued() + ", ticket messages "
                        + ticketMessages + ", expected min(" + capacity + ", " + winners + ") = " + expectedTickets,
                        drained ? Report.passMiss(ticketsOk) : "NOT CHECKED (timeout)"),
                List.of("no pool below zero", "lowest remaining " + tickets.lowestRemaining() + " " + tickets.pools(),
                        stats == null ? "NOT CHECKED (stats unavailable)" : Report.passMiss(poolsOk)),
                List.of("one reply per turn (replies ≤ messages acked)", replies + " replies for " + acked.get()
                        + " messages acked = " + String.format(java.util.Locale.ROOT, "%.2f", perMessage)
                        + " per message", Report.passMiss(oneReplyOk))));
        Map<String, Object> cpuDuringBurst = CpuMeter.between(cpu0, cpuBurst);
        Map<String, Object> cpuWholeRun = CpuMeter.between(cpu0, cpuEnd);
        report.table("qr-spike: CPU during the burst (" + cpuDuringBurst.get("wall_seconds") + " s, machine busy "
                + cpuDuringBurst.get("machine_busy_pct") + " %)", List.of("process", "CPU", "share of all cores"),
                CpuMeter.rows(cpuDuringBurst));
        report.table("qr-spike: CPU from the burst to the last reply (" + cpuWholeRun.get("wall_seconds")
                + " s, machine busy " + cpuWholeRun.get("machine_busy_pct") + " %)",
                List.of("process", "CPU", "share of all cores"), CpuMeter.rows(cpuWholeRun));
        if (profiles != null) {
            report.table("qr-spike: JFR CPU samples by code area (whole run)", List.of("service", "area", "samples"),
                    Profiler.rows(profiles));
        }
        boolean rateOk = first.acksPerSecond() >= 5000;
        boolean p99Ok = l.percentileMs(99) < 100;
        boolean hundredK = answeredTotal >= 100_000;
        boolean answeredOk = within120 >= 100_000;
        report.table("qr-spike: goals (2 cores)", List.of("goal", "measured", "result"), List.of(
                List.of("≥ 5,000 acks/s", Report.num(first.acksPerSecond()) + " acks/s", Report.passMiss(rateOk)),
                List.of("p99 ack < 100 ms", Report.ms(l.percentileMs(99)), Report.passMiss(p99Ok)),
                List.of("100,000 messages answered within 120 s of the first",
                        within120 + " answered within 120 s (" + answeredTotal + " in the run)",
                        hundredK ? Report.passMiss(answeredOk) : "NOT MEASURED (run had < 100,000 messages)")));
        report.line("outcomes: " + outcomes + "; unexpected replies " + unexpected.get() + ", unknown prompts "
                + unknownPrompts.get() + ", webhook retries " + retries.get() + ", webhooks never acked "
                + failedAcks.get() + ", stub: " + stub.senderActions() + " sender actions, " + stub.malformed()
                + " malformed, " + stub.listenerErrors() + " bench errors");
        if (statsError != null) {
            report.line("stats endpoint failed: " + statsError);
        }

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("burst", first.toJson());
        results.put("cpu_burst", cpuDuringBurst);
        results.put("cpu_run", cpuWholeRun);
        if (profiles != null) {
            results.put("profiles", profiles);
        }
        results.put("answers", Map.of("latency", answerLatency.summary()));
        results.put("fans", fans);
        results.put("selected", selected);
        results.put("winners", winners);
        results.put("webhooks_sent", sent.get());
        results.put("webhooks_acked", acked.get());
        results.put("webhook_retries", retries.get());
        results.put("webhooks_never_acked", failedAcks.get());
        results.put("replies", replies);
        results.put("replies_per_message", perMessage);
        results.put("seconds_until_last_reply", Latency.round(untilLastReply));
        results.put("messages_answered", answeredTotal);
        results.put("messages_answered_within_120s", within120);
        results.put("ended", ended);
        results.put("outcomes", outcomes);
        results.put("lost", lost);
        results.put("unfinished", unfinished);
        results.put("duplicate_replies", duplicates.get());
        results.put("fans_with_two_tickets", doubleTickets);
        results.put("ticket_messages", ticketMessages);
        results.put("tickets_expected", expectedTickets);
        results.put("stats", stats);
        results.put("unexpected_replies", unexpected.get());
        results.put("unknown_prompts", unknownPrompts.get());
        results.put("sample_replies", sample);
        results.put("drained", drained);
        results.put("checks", Map.of("lost_0", drained ? lostOk : "not checked (timeout)", "duplicates_0", dupOk,
                "tickets_min_capacity_winners", drained ? ticketsOk : "not checked (timeout)",
                "no_pool_below_zero", poolsOk, "one_reply_per_turn", oneReplyOk));
        results.put("goals", Map.of("acks_per_second_5000", rateOk, "p99_under_100ms", p99Ok,
                "answered_100k_within_120s", hundredK ? answeredOk : "not measured"));
        report.put("results", results);
        report.write();
        return lostOk && dupOk && ticketsOk && poolsOk && oneReplyOk && rateOk && p99Ok && answeredOk ? 0 : 3;
    }

    private String mid(Fan f) {
        return "m_" + f.psid + "_" + f.seq;
    }

    /**
     * Every part's tag, in order: quiz-service sends one message per turn, its parts (feedback, "you won", the next
     * question or the outcome) separated by a blank line, each campaign text starting with its tag —
     * {@code [correct, won, choose-pool]} for "[correct] Correct!\n\n[won] You won…\n\n[choose-pool] Which…".
     */
    static List<String> tags(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String part : text.split("\n\n")) {
            String p = part.strip();
            int end = p.indexOf(']');
            if (p.startsWith("[") && end > 1) {
                out.add(p.substring(1, end));
            }
        }
        return out;
    }

    /** A reply reached the stub: account for it, then let the fan react as a person would. */
    private void onReply(SendApiStub.Reply r) {
        long now = r.atNanos();
        lastActivity.set(now);
        lastReplyAt.accumulateAndGet(now, Math::max);
        Fan f = r.recipientId() == null ? null : byPsid.get(r.recipientId());
        if (f == null) {
            unexpected.incrementAndGet();
            return;
        }
        if (sample.size() < 20) {
            synchronized (sample) {
                if (sample.size() < 20) {
                    sample.add(r.raw());
                }
            }
        }
        Driver.Req next = null;
        synchronized (f) {
            f.replies++;
            String fp = r.fingerprint();
            boolean firstTime = f.seen.merge(fp, 1, Integer::sum) == 1;
            List<String> tags = tags(r.text());
            String terminalTag = tags.stream().filter(TERMINAL::contains).reduce((a, b) -> b).orElse(null);
            boolean terminal = terminalTag != null;
            boolean prompt = !r.quickReplies().isEmpty();
            if (tags.contains("ticket")) {
                f.tickets++;
            }
            if (firstTime) {
                f.correctSeen += (int) tags.stream().filter("correct"::equals).count();
                f.wrongSeen += (int) tags.stream().filter("wrong"::equals).count();
            }
            if (!firstTime && (prompt || terminal)) {
                return; // the same question or outcome again: counted, not answered twice
            }
            if (prompt || tags.contains("lost") || tags.contains("won") || tags.contains("correct")
                    || tags.contains("wrong")) {
                f.selected = true;
            }
            if (tags.contains("won") || tags.contains("ticket") || tags.contains("choose-pool")) {
                f.won = true;
            }
            if (terminal) {
                f.outcome = terminalTag;
            }
            if ((prompt || terminal) && f.awaiting) {
                // the turn's answer: a question to answer next, or how it ended
                f.awaiting = false;
                f.ackedAwaiting = false;
                synchronized (answeredAt) {
                    answeredAt.add(now);
                }
            }
            if (prompt) {
                f.outcome = null;
                next = react(f, r.quickReplies());
            }
        }
        if (next != null) {
            submit(f, next, 0);
        }
    }

    /** Picks the answer: right with probability --correct, a pool at random, anything else at random. */
    private Driver.Req react(Fan f, List<SendApiStub.QuickReply> options) {
        List<String> titles = options.stream().map(SendApiStub.QuickReply::title).toList();
        List<String> right = optionsToQuestion.get(String.join("\u0001", titles.stream().sorted().toList()));
        SendApiStub.QuickReply pick;
        synchronized (random) {
            if (right != null) {
                boolean correct = random.nextDouble() < correctP;
                List<SendApiStub.QuickReply> candidates = options.stream()
                        .filter(q -> right.contains(q.title()) == correct).toList();
                pick = candidates.isEmpty() ? options.get(random.nextInt(options.size()))
                        : candidates.get(random.nextInt(candidates.size()));
                if (right.contains(pick.title())) {
                    f.correctGiven++;
                } else {
                    f.wrongGiven++;
                }
            } else {
                if (!poolNames.containsAll(titles)) {
                    unknownPrompts.incrementAndGet();
                }
                pick = options.get(random.nextInt(options.size()));
            }
        }
        f.seq++;
        f.sent++;
        f.awaiting = true;
        return f.messenger.quickReply(f.psid, mid(f), pick.title(), pick.payload());
    }

    private void submit(Fan f, Driver.Req req, int attempt) {
        if (attempt == 0) {
            sent.incrementAndGet();
        }
        driver.submit(req, attempt == 0 ? answerLatency : null).thenAccept(out -> {
            lastActivity.set(System.nanoTime());
            synchronized (f) {
                if (out.ok()) {
                    f.acked++;
                    acked.incrementAndGet();
                    if (f.awaiting) {
                        f.ackedAwaiting = true;
                    }
                } else {
                    retry(f, req, attempt + 1);
                }
            }
        });
    }

    /** Messenger redelivers a webhook that was not answered 200; so does the generator, a few times. */
    private void retry(Fan f, Driver.Req req, int attempt) {
        if (attempt > 5) {
            failedAcks.incrementAndGet();
            f.awaiting = false;
            return;
        }
        retries.incrementAndGet();
        vertx.setTimer(500L * attempt, id -> submit(f, req, attempt));
    }

    static List<Integer> split(int total, int parts) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            out.add(total / parts + (i < total % parts ? 1 : 0));
        }
        return out;
    }

    static Instant now() {
        return Instant.now();
    }
}
