package dev.reprise.samples;

import dev.reprise.api.Activity;
import dev.reprise.api.ActivityFunction;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Duration;

/**
 * Monitor: a recurring check on a durable timer, written as an eternal orchestration that restarts itself with
 * {@code continueAsNew} after every cycle, so its history never grows. Progress is published as the custom status.
 *
 * <h2>Contract</h2>
 * Input ({@link MonitorInput}): {@code {"checks": K, "intervalSeconds": S}}, with K from 1 and S from 1; the
 * instance carries the number of checks done so far in its own input, {@code {"checks":K,"intervalSeconds":S,
 * "done":d}} ({@code done} defaults to 0). Each cycle (while {@code done < K}):
 * <ol>
 *   <li>calls activity {@code CheckStatus} with {@code {"check": d+1, "of": K}};</li>
 *   <li>sets the custom status to its report, e.g.
 *       {@code {"check": 1, "of": 3, "percentComplete": 33, "status": "InProgress"}} ({@code "Complete"} for the
 *       last check);</li>
 *   <li>waits on a durable timer of S seconds;</li>
 *   <li>continues as new with {@code done = d+1}.</li>
 * </ol>
 * Once {@code done == K} the instance completes with output {@code {"checks": K}}; the custom status keeps the last
 * report ({@code {"check": K, "of": K, "percentComplete": 100, "status": "Complete"}}). While it runs, the status query
 * shows the current check and, between executions, runtime status {@code ContinuedAsNew}. An input out of range
 * fails the instance with a message saying so.
 */
@ApplicationScoped
@LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
public class Monitor {

    /** The orchestration's input, also the state carried from one execution to the next. */
    @RegisterForReflection
    public record MonitorInput(int checks, int intervalSeconds, Integer done) {
    }

    /** CheckStatus' input. */
    @RegisterForReflection
    public record CheckRequest(int check, int of) {
    }

    /** CheckStatus' result, shown as the custom status. */
    @RegisterForReflection
    public record StatusReport(int check, int of, int percentComplete, String status) {
    }

    /** The orchestration's output. */
    @RegisterForReflection
    public record MonitorResult(int checks) {
    }

    @Produces
    @Orchestrator("Monitor")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    OrchestratorFunction monitor() {
        return ctx -> {
            MonitorInput input = ctx.getInput(MonitorInput.class);
            if (input == null) {
                throw new IllegalArgumentException("Monitor needs an input such as {\"checks\": 3, "
                        + "\"intervalSeconds\": 10}");
            }
            int done = input.done() == null ? 0 : input.done();
            if (input.checks() < 1 || input.intervalSeconds() < 1 || done < 0 || done > input.checks()) {
                throw new IllegalArgumentException("Monitor needs checks >= 1, intervalSeconds >= 1 and done from 0 "
                        + "to checks; got " + input);
            }
            if (done == input.checks()) {
                return new MonitorResult(input.checks());
            }
            StatusReport report = ctx.callActivity("CheckStatus", new CheckRequest(done + 1, input.checks()),
                    StatusReport.class).await();
            ctx.setCustomStatus(report);
            ctx.createTimer(Duration.ofSeconds(input.intervalSeconds())).await();
            ctx.continueAsNew(new MonitorInput(input.checks(), input.intervalSeconds(), done + 1));
            return null;
        };
    }

    @Produces
    @Activity("CheckStatus")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction checkStatus() {
        return ctx -> {
            CheckRequest request = ctx.getInput(CheckRequest.class);
            if (request == null || request.of() < 1 || request.check() < 1 || request.check() > request.of()) {
                throw new IllegalArgumentException("CheckStatus needs 1 <= check <= of, got " + request);
            }
            int percent = Math.toIntExact(100L * request.check() / request.of());
            return new StatusReport(request.check(), request.of(), percent,
                    request.check() == request.of() ? "Complete" : "InProgress");
        };
    }
}
