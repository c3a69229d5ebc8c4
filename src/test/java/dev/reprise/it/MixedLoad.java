package dev.reprise.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A mixed load of the samples, started round-robin over several replicas: chaining, fan-out/fan-in, durable timers
 * (Approval timeouts, Monitor intervals), continue-as-new and sub-orchestrations. Every instance has a known output.
 */
final class MixedLoad {

    private final Map<String, JsonNode> expected = new LinkedHashMap<>();

    /** Starts the load; {@code scale} multiplies the number of instances of each kind. */
    static MixedLoad start(List<ServiceProcess> replicas, int scale) throws Exception {
        MixedLoad load = new MixedLoad();
        load.add(replicas, scale);
        return load;
    }

    /** Starts another wave of the same mix. */
    void add(List<ServiceProcess> replicas, int scale) throws Exception {
        MixedLoad load = this;
        List<String> cities = IntStream.rangeClosed(1, 5).mapToObj(i -> "City" + i).toList();
        List<String> fanOut = IntStream.rangeClosed(1, 100).mapToObj(i -> "Task" + i + " completed").toList();
        int next = 0;
        for (int round = 0; round < scale; round++) {
            for (int i = 0; i < 10; i++) {
                load.start(replicas.get(next++ % replicas.size()), "HelloCities", json(cities),
                        json(cities.stream().map(c -> "Hello " + c + "!").toList()));
            }
            load.start(replicas.get(next++ % replicas.size()), "FanOutFanIn", "{\"count\":100}", json(fanOut));
            for (int i = 0; i < 2; i++) {
                load.start(replicas.get(next++ % replicas.size()), "Approval",
                        "{\"document\":\"doc" + i + "\",\"timeoutSeconds\":1}", "\"Escalated\"");
            }
            load.start(replicas.get(next++ % replicas.size()), "Monitor", "{\"checks\":2,\"intervalSeconds\":1}",
                    "{\"checks\":2}");
            load.start(replicas.get(next++ % replicas.size()), "ParallelTrips", """
                    [{"conference":"KubeCon","origin":"Seattle","destination":"San Francisco"},
                     {"conference":"QCon","origin":"London","destination":"Amsterdam"}]""",
                    "{\"trips\":2,\"total\":4250}");
        }
    }

    private void start(ServiceProcess replica, String name, String input, String expectedOutput) throws Exception {
        expected.put(replica.startOrchestration(name, input), ServiceProcess.JSON.readTree(expectedOutput));
    }

    int size() {
        return expected.size();
    }

    /**
     * Waits until every instance completed, through whichever replica answers, and checks each output.
     *
     * @throws AssertionError naming the instances that did not complete or completed wrongly
     */
    void awaitAllCompleted(ServiceProcess observer, Duration patience) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        List<String> pending = new ArrayList<>(expected.keySet());
        while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
            List<String> still = new ArrayList<>();
            for (String id : pending) {
                JsonNode status = observer.status(id);
                String runtimeStatus = status.path("runtimeStatus").asText();
                if ("Completed".equals(runtimeStatus)) {
                    if (!expected.get(id).equals(status.path("output"))) {
                        throw new AssertionError("instance " + id + " (" + status.path("name").asText()
                                + ") completed with " + status.path("output") + ", expected " + expected.get(id));
                    }
                } else if ("Failed".equals(runtimeStatus) || "Terminated".equals(runtimeStatus)) {
                    throw new AssertionError("instance " + id + " ended " + runtimeStatus + ": " + status);
                } else {
                    still.add(id);
                }
            }
            pending = still;
            if (!pending.isEmpty()) {
                Thread.sleep(200);
            }
        }
        if (!pending.isEmpty()) {
            throw new AssertionError(pending.size() + " of " + expected.size() + " instances did not complete within "
                    + patience + ", e.g. " + observer.status(pending.get(0)));
        }
    }

    private static String json(Object value) throws Exception {
        return ServiceProcess.JSON.writeValueAsString(value);
    }
}
