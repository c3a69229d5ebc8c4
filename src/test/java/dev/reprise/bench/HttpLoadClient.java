package dev.reprise.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * W1 through HTTP, as a client in its own process: starts HelloCities5 orchestrations through the management API,
 * a fixed number in flight, and sees each completion through the API (the status route's long poll). Every output is
 * checked; one wrong answer fails the run (exit 1). Plain JDK only, so it runs as
 * {@code java -cp target/test-classes dev.reprise.bench.HttpLoadClient <base URL> <orchestrations> <in flight>}.
 * Prints one line: {@code RESULT {"orchestrations":n,"seconds":s,"events_per_s":e,"starts_per_s":t,"p50_ms":a,
 * "p99_ms":b}}, where a start is timed from the request to its 202, and an orchestration from its start request to
 * the answer that reported it Completed.
 */
public final class HttpLoadClient {

    private static final String CITIES = "[\"Tokyo\",\"Seattle\",\"London\",\"Cairo\",\"Lima\"]";
    private static final String OUTPUT = "[\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\",\"Hello Cairo!\","
            + "\"Hello Lima!\"]";
    private static final Pattern STATUS_URL = Pattern.compile("\"statusQueryGetUri\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern OUTPUT_FIELD = Pattern.compile("\"output\"\\s*:\\s*(\\[[^]]*])");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private HttpLoadClient() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0].endsWith("/") ? args[0] : args[0] + "/";
        int total = Integer.parseInt(args[1]);
        int inFlight = Integer.parseInt(args[2]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Long> startLatencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(inFlight);
        long began = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < inFlight; w++) {
            done.add(workers.submit(() -> {
                while (next.getAndIncrement() < total) {
                    runOne(http, base, latencies, startLatencies);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        workers.shutdown();
        System.out.printf(Locale.ROOT, "RESULT {\"orchestrations\":%d,\"seconds\":%.3f,\"events_per_s\":%.1f,"
                        + "\"starts_per_s\":%.1f,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"start_p50_ms\":%.2f}%n", total,
                seconds, total * 10 / seconds, total / sumSeconds(startLatencies, inFlight),
                percentile(latencies, 50), percentile(latencies, 99), percentile(startLatencies, 50));
    }

    private static Void runOne(HttpClient http, String base, List<Long> latencies, List<Long> startLatencies)
            throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base
                        + "runtime/webhooks/durabletask/orchestrators/HelloCities"))
                .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CITIES)).build(), HttpResponse.BodyHandlers.ofString());
        startLatencies.add(System.nanoTime() - t0);
        if (started.statusCode() != 202) {
            fail("start answered " + started.statusCode() + ": " + started.body());
        }
        Matcher url = STATUS_URL.matcher(started.body());
        if (!url.find()) {
            fail("no statusQueryGetUri in " + started.body());
        }
        String status = url.group(1) + (url.group(1).contains("?") ? "&" : "?") + "timeout=30";
        while (true) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(status))
                    .timeout(REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 202) {
                continue; // the long poll ended before the instance finished: ask again
            }
            Matcher output = OUTPUT_FIELD.matcher(answer.body());
            if (answer.statusCode() != 200 || !answer.body().contains("\"Completed\"") || !output.find()
                    || !output.group(1).equals(OUTPUT)) {
                fail("unexpected answer " + answer.statusCode() + ": " + answer.body());
            }
            latencies.add(System.nanoTime() - t0);
            return null;
        }
    }

    /** Starts per second as the clients saw them: requests over the time the in-flight clients spent starting. */
    private static double sumSeconds(List<Long> nanos, int clients) {
        long sum = 0;
        synchronized (nanos) {
            for (long n : nanos) {
                sum += n;
            }
        }
        return sum / 1e9 / clients;
    }

    private static double percentile(List<Long> nanos, int p) {
        List<Long> sorted;
        synchronized (nanos) {
            sorted = new ArrayList<>(nanos);
        }
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    private static void fail(String why) {
        System.out.println("FAILED " + why);
        System.exit(1);
    }
}
