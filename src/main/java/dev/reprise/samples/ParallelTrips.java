package dev.reprise.samples;

import dev.reprise.api.Activity;
import dev.reprise.api.ActivityFunction;
import dev.reprise.api.OrchestrationContext;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.Task;
import dev.reprise.samples.BookTrip.TripBooking;
import dev.reprise.samples.BookTrip.TripRequest;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.ArrayList;
import java.util.List;

/**
 * Fan-out/fan-in over sub-orchestrations: books several trips at once, one {@link BookTrip} sub-orchestration per
 * trip, waits for all of them ({@code allOf}), then reports the expenses in an activity.
 *
 * <h2>Contract</h2>
 * Input: a JSON array of {@link BookTrip} inputs, e.g.
 * {@code [{"conference":"KubeCon","origin":"Seattle","destination":"San Francisco"},
 * {"conference":"Devoxx","origin":"London","destination":"Antwerp"}]}; a missing input counts as no trips.
 * Output ({@link ExpenseReport}): {@code {"trips": 2, "total": 3685}}: how many trips were booked and the sum of
 * their totals.
 *
 * <p>Each child runs as instance {@code <parent id>:<task ID>}, visible through the same HTTP API. If any
 * trip fails (see {@link BookTrip} for which inputs fail), that trip compensates its own bookings, the other trips
 * still complete, and this instance fails with the first failed trip's failure (in input order); ReportExpenses does
 * not run. {@link ServerlessDaysTrips}' ParallelWorkflow books its two trips the same way.
 */
@ApplicationScoped
@LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
public class ParallelTrips {

    /** The orchestration's output and ReportExpenses' result. */
    @RegisterForReflection
    public record ExpenseReport(int trips, int total) {
    }

    @Produces
    @Orchestrator("ParallelTrips")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    OrchestratorFunction parallelTrips() {
        return ctx -> {
            TripRequest[] input = ctx.getInput(TripRequest[].class);
            return bookAllAndReport(ctx, input == null ? List.of() : List.of(input));
        };
    }

    /**
     * Starts one BookTrip sub-orchestration per trip, all at once, waits for every one of them, then runs
     * ReportExpenses over their bookings (in the order of {@code trips}).
     *
     * @throws dev.reprise.api.TaskFailedException from {@code await()} when a trip failed (the first in input order)
     */
    static ExpenseReport bookAllAndReport(OrchestrationContext ctx, List<TripRequest> trips) {
        List<Task<TripBooking>> bookings = new ArrayList<>(trips.size());
        for (TripRequest trip : trips) {
            bookings.add(ctx.callSubOrchestrator("BookTrip", trip, TripBooking.class));
        }
        List<TripBooking> booked = ctx.allOf(bookings).await();
        return ctx.callActivity("ReportExpenses", booked, ExpenseReport.class).await();
    }

    @Produces
    @Activity("ReportExpenses")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction reportExpenses() {
        return ctx -> {
            TripBooking[] booked = ctx.getInput(TripBooking[].class);
            if (booked == null) {
                return new ExpenseReport(0, 0);
            }
            int total = 0;
            for (TripBooking trip : booked) {
                if (trip == null || trip.conference() == null || trip.transport() == null || trip.hotel() == null) {
                    throw new IllegalArgumentException("ReportExpenses got an incomplete booking: " + trip);
                }
                int expected = trip.conference().fee() + trip.transport().fare() + trip.hotel().cost();
                if (trip.total() != expected) {
                    throw new IllegalArgumentException("Booking for " + trip.conference().name() + " reports total "
                            + trip.total() + " but its items add up to " + expected);
                }
                total = Math.addExact(total, trip.total());
            }
            return new ExpenseReport(booked.length, total);
        };
    }
}
