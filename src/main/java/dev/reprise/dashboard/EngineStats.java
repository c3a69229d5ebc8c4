package dev.reprise.dashboard;

import dev.reprise.dispatch.FunctionRegistry;
import dev.reprise.ops.BacklogGauges;
import dev.reprise.ops.EngineMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The engine page's figures, read from what the engine already measures (the meters of {@link EngineMetrics} and
 * {@link BacklogGauges}, the functions of {@link FunctionRegistry}): reading them queries nothing. Entities have no
 * meters of their own yet, so the page lists their names only. Counters count
 * since this process started, in this process only.
 */
@ApplicationScoped
class EngineStats {

    /** Totals of this process at one moment, the base of a rate. */
    record Totals(long atMillis, long steps, long activities, long started, long finished) {
    }

    /** One orchestrator's counts; {@code registered} is false for names only seen as {@code <unregistered>}. */
    record OrchestratorLine(String name, boolean registered, long started, long completed, long failed,
                            long terminated, long steps, String meanStep) {
    }

    /** One activity's counts. */
    record ActivityLine(String name, boolean registered, long completed, long failed, String meanDuration) {
    }

    private final MeterRegistry meters;
    private final FunctionRegistry functions;

    EngineStats(MeterRegistry meters, FunctionRegistry functions) {
        this.meters = meters;
        this.functions = functions;
    }

    /** Due inbox messages, as {@link BacklogGauges} last counted them. */
    long inboxDue() {
        return gauge(BacklogGauges.INBOX_DUE);
    }

    /** Due activity work items, as {@link BacklogGauges} last counted them. */
    long workItemsDue() {
        return gauge(BacklogGauges.WORK_ITEMS_DUE);
    }

    long leaseTakeovers() {
        return sum(meters.find(EngineMetrics.LEASE_TAKEOVERS).counters());
    }

    Totals totals(long nowMillis) {
        long steps = meters.find(EngineMetrics.REPLAY).timers().stream().mapToLong(Timer::count).sum();
        return new Totals(nowMillis, steps,
                sum(meters.find(EngineMetrics.ACTIVITIES_EXECUTED).counters()),
                sum(meters.find(EngineMetrics.ORCHESTRATIONS_STARTED).counters()),
                sum(meters.find(EngineMetrics.ORCHESTRATIONS_FINISHED).counters()));
    }

    /** Every registered orchestrator, and {@code <unregistered>} once anything was counted under it. */
    List<OrchestratorLine> orchestrators() {
        List<OrchestratorLine> out = new ArrayList<>();
        for (String name : names(functions.orchestratorNames(), EngineMetrics.ORCHESTRATIONS_STARTED,
                EngineMetrics.ORCHESTRATIONS_FINISHED, EngineMetrics.REPLAY)) {
            Collection<Timer> replays = meters.find(EngineMetrics.REPLAY).tag("name", name).timers();
            long steps = replays.stream().mapToLong(Timer::count).sum();
            double seconds = replays.stream().mapToDouble(t -> t.totalTime(TimeUnit.SECONDS)).sum();
            out.add(new OrchestratorLine(name, !name.equals(EngineMetrics.UNREGISTERED),
                    count(EngineMetrics.ORCHESTRATIONS_STARTED, name, null, null),
                    count(EngineMetrics.ORCHESTRATIONS_FINISHED, name, "status", "Completed"),
                    count(EngineMetrics.ORCHESTRATIONS_FINISHED, name, "status", "Failed"),
                    count(EngineMetrics.ORCHESTRATIONS_FINISHED, name, "status", "Terminated"),
                    steps, mean(seconds, steps)));
        }
        return out;
    }

    /** Every registered activity, and {@code <unregistered>} once anything was counted under it. */
    List<ActivityLine> activities() {
        List<ActivityLine> out = new ArrayList<>();
        for (String name : names(functions.activityNames(), EngineMetrics.ACTIVITIES_EXECUTED,
                EngineMetrics.ACTIVITY_DURATION)) {
            Collection<Timer> durations = meters.find(EngineMetrics.ACTIVITY_DURATION).tag("name", name).timers();
            long runs = durations.stream().mapToLong(Timer::count).sum();
            double seconds = durations.stream().mapToDouble(t -> t.totalTime(TimeUnit.SECONDS)).sum();
            out.add(new ActivityLine(name, !name.equals(EngineMetrics.UNREGISTERED),
                    count(EngineMetrics.ACTIVITIES_EXECUTED, name, "outcome", "completed"),
                    count(EngineMetrics.ACTIVITIES_EXECUTED, name, "outcome", "failed"), mean(seconds, runs)));
        }
        return out;
    }

    /** Every registered entity name, as declared, sorted ignoring case (entity names compare ignoring case). */
    List<String> entities() {
        return List.copyOf(functions.entityNames());
    }

    /** The registered names, sorted, then the unregistered tag when a meter carries it. */
    private List<String> names(Collection<String> registered, String... meterNames) {
        TreeSet<String> names = new TreeSet<>(registered);
        List<String> out = new ArrayList<>(names);
        for (String meter : meterNames) {
            if (!meters.find(meter).tag("name", EngineMetrics.UNREGISTERED).meters().isEmpty()) {
                out.add(EngineMetrics.UNREGISTERED);
                break;
            }
        }
        return out;
    }

    private long count(String meter, String name, String tag, String value) {
        var search = meters.find(meter).tag("name", name);
        if (tag != null) {
            search = search.tag(tag, value);
        }
        return sum(search.counters());
    }

    private static long sum(Collection<Counter> counters) {
        return (long) counters.stream().mapToDouble(Counter::count).sum();
    }

    private long gauge(String name) {
        Gauge gauge = meters.find(name).gauge();
        return gauge == null ? 0 : (long) gauge.value();
    }

    private static String mean(double seconds, long count) {
        return count == 0 ? "" : Format.duration(Duration.ofNanos((long) (seconds * 1e9 / count)));
    }
}
