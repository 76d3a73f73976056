package io.crowdsurf.bench;

import java.util.Arrays;

/**
 * {@code java -jar bench/target/bench.jar <name> [--option=value …]}, or {@code ./crowdsurf bench <name>}.
 * Exit code 0 when every goal was met, 3 when a goal was missed, 2 on a usage error, 1 when the run failed.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            usage();
            System.exit(args.length == 0 ? 2 : 0);
        }
        String name = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        int code;
        try {
            Options options = Options.of(rest);
            code = switch (name) {
                case "qr-spike" -> QrSpike.run(options);
                case "ingest-ceiling" -> IngestCeiling.run(options);
                case "cold-start" -> ColdStart.run(options);
                case "tracking" -> TrackingBench.run(options);
                case "widget" -> WidgetBench.run(options);
                case "alerts" -> AlertsBench.run(options);
                case "mongo-ops" -> MongoOps.run(options);
                case "mongo-ops-metrics" -> MetricsMongoOps.run(options);
                default -> {
                    System.err.println("unknown benchmark '" + name + "'");
                    usage();
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            code = 2;
        } catch (Exception e) {
            System.err.println(name + " failed: " + e);
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    static void usage() {
        System.err.println("""
                usage: ./crowdsurf bench <name> [--option=value ...]   (see bench/README.md)
                  qr-spike        campaign + 20,000 signed Messenger first messages in a burst, fans answer every
                                  question; needs MESSENGER_GRAPH_URL=http://localhost:18088 on ./crowdsurf up
                                  --fans=20000 --concurrency=64 --questions=5 --select=1.0 --correct=0.95
                                  --pools=2 --capacity=5000 --pages=1 --timeout=1800 --idle=60 --profile=false --stub-port=18088
                  ingest-ceiling  bare Vert.x 200 endpoint vs bot-gateway's signed Messenger path, same generator,
                                  then every acked message id counted in Kafka
                                  --requests=20000 --warmup=2000 --concurrency=64
                  tracking        metrics-service ingest: bare endpoint vs /matomo.php (1 hit/request) and bulk
                                  requests, same generator, then every acked hit counted in crowdsurf.hits
                                  --hits=20000 --bulk-requests=2000 --batch=100 --warmup=2000 --concurrency=64
                                  --metrics=http://127.0.0.1:8084
                  widget          bare endpoint vs /widget/artists/{artist}/events (1,000 artists, Zipf skew) without
                                  and with If-None-Match, DB reads counted; then /l/{code} redirects per second
                                  --artists=1000 --requests=20000 --warmup=2000 --skew=1.1 --links=100 --concurrency=64
                                  --metrics=http://127.0.0.1:8084
                  cold-start      each service: process start -> first 200 and RSS, JDK fast-jar vs JDK 25 AOT cache
                                  --runs=5 --services=bot-gateway,quiz-service,alert-service,metrics-service
                                  --port=18190 --aot=true
                  alerts          100,000 alerts over 5,000 places in a packaged alert-service of its own (own
                                  MongoDB-wire, own topic, local Open-Meteo stub): refresh run, then hourly run
                                  --alerts=100000 --places=5000 --port=18183 --concurrency=16 --deliveries=2
                                  --cells-per-request=100 --batch-cells=500 --jar=<quarkus-run.jar> --profile=false
                  mongo-ops       one fan transition, one reply-ledger claim, one ticket issue (and alert-service's
                                  alert create, owner list, one cell's evaluation I/O), each timed at 2,000
                                  and at 50,000 existing documents on the devstack's MongoDB-wire server
                                  (in-process, no stack needed); goal: 50k/2k ratio <= 1.5; CPU µs per op
                                  --sizes=2000,50000 --ops=2000 --warmup=500 --backend=journal (or h2: the former)
                  mongo-ops-metrics  the same for metrics-service's per-hit operations (hit-id claim, visitor
                                  state, rollup write); same options
                common: --gateway=http://127.0.0.1:8081 --quiz=http://127.0.0.1:8082 --kafka=localhost:9092
                        --secret=$MESSENGER_APP_SECRET --admin-token=$CROWDSURF_ADMIN_TOKEN
                """);
    }
}
