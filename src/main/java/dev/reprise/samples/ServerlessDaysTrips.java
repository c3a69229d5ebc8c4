package dev.reprise.samples;

import dev.reprise.api.OrchestrationContext;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.samples.BookTrip.ConferenceBooking;
import dev.reprise.samples.BookTrip.HotelBooking;
import dev.reprise.samples.BookTrip.HotelRequest;
import dev.reprise.samples.BookTrip.RouteRequest;
import dev.reprise.samples.BookTrip.TransportBooking;
import dev.reprise.samples.BookTrip.TripBooking;
import dev.reprise.samples.BookTrip.TripRequest;
import dev.reprise.samples.ParallelTrips.ExpenseReport;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.List;

/**
 * The examples of "Making Sense of Azure Durable Functions" (Mikhail Shilkov, December 2018,
 * https://mikhail.io/2018/12/making-sense-of-azure-durable-functions/) under the article's own orchestrator names,
 * so a reader can run them as written. They reuse {@link BookTrip}'s activities, the {@code BookTrip} orchestrator
 * and {@link ParallelTrips}' ReportExpenses; nothing is copied.
 *
 * <h2>Contracts</h2>
 * <ul>
 *   <li>{@code SequentialWorkflow}: BookConference, then BookFlight, then BookHotel, one after the other, without
 *       retries, fallback or compensation (the article's first orchestrator; {@code BookTrip} is the one that
 *       handles errors). Input: a {@link TripRequest}, every field optional: without input it books the article's
 *       conference "ServerlessDays", from London to Amsterdam. Output: a {@link TripBooking}. A failed step fails the
 *       instance with that step's failure, e.g. "Task 'BookFlight' (#1) failed: ...: No flight route from London to
 *       Antwerp"; what was booked before stays booked.</li>
 *   <li>{@code CombinedOrchestrator}: books "ServerlessDays Amsterdam" (to Amsterdam), then "ServerlessDays Hamburg"
 *       (to Hamburg), each as a {@code BookTrip} sub-orchestration, the second after the first completed. Input:
 *       {@code {"origin": "Munich"}} ({@link Traveller}; without input, from London). Output: the two
 *       {@link TripBooking}s in that order.</li>
 *   <li>{@code ParallelWorkflow}: the same two trips started at once (fan-out), then ReportExpenses over both
 *       (fan-in). Input as {@code CombinedOrchestrator}. Output: an {@link ExpenseReport}, {@code {"trips":2,
 *       "total":...}}.</li>
 * </ul>
 * A failed trip fails {@code CombinedOrchestrator} and {@code ParallelWorkflow} with that trip's failure; the trip
 * has already cancelled its own bookings.
 */
@ApplicationScoped
@LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
public class ServerlessDaysTrips {

    /** The article's conference for the sequential workflow, and the trip it books when given no input. */
    static final TripRequest ARTICLE_TRIP = new TripRequest("ServerlessDays", "London", "Amsterdam");

    /** Where the traveller of the two ServerlessDays trips starts. */
    @RegisterForReflection
    public record Traveller(String origin) {
    }

    @Produces
    @Orchestrator("SequentialWorkflow")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    OrchestratorFunction sequentialWorkflow() {
        return ctx -> {
            TripRequest trip = withDefaults(ctx.getInput(TripRequest.class));
            ConferenceBooking conference = ctx.callActivity("BookConference", trip.conference(),
                    ConferenceBooking.class).await();
            TransportBooking flight = ctx.callActivity("BookFlight",
                    new RouteRequest(trip.origin(), trip.destination()), TransportBooking.class).await();
            HotelBooking hotel = ctx.callActivity("BookHotel",
                    new HotelRequest(trip.destination(), conference.nights()), HotelBooking.class).await();
            return new TripBooking(conference, flight, hotel, conference.fee() + flight.fare() + hotel.cost());
        };
    }

    @Produces
    @Orchestrator("CombinedOrchestrator")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    OrchestratorFunction combinedOrchestrator() {
        return ctx -> {
            List<TripRequest> trips = serverlessDaysTrips(ctx);
            TripBooking amsterdam = ctx.callSubOrchestrator("BookTrip", trips.get(0), TripBooking.class).await();
            TripBooking hamburg = ctx.callSubOrchestrator("BookTrip", trips.get(1), TripBooking.class).await();
            return List.of(amsterdam, hamburg);
        };
    }

    @Produces
    @Orchestrator("ParallelWorkflow")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    OrchestratorFunction parallelWorkflow() {
        return ctx -> ParallelTrips.bookAllAndReport(ctx, serverlessDaysTrips(ctx));
    }

    /** The article's two trips, ServerlessDays Amsterdam and ServerlessDays Hamburg, from the input's origin. */
    private static List<TripRequest> serverlessDaysTrips(OrchestrationContext ctx) {
        Traveller traveller = ctx.getInput(Traveller.class);
        String origin = traveller == null || isBlank(traveller.origin()) ? ARTICLE_TRIP.origin() : traveller.origin();
        return List.of(new TripRequest("ServerlessDays Amsterdam", origin, "Amsterdam"),
                new TripRequest("ServerlessDays Hamburg", origin, "Hamburg"));
    }

    private static TripRequest withDefaults(TripRequest given) {
        if (given == null) {
            return ARTICLE_TRIP;
        }
        return new TripRequest(
                isBlank(given.conference()) ? ARTICLE_TRIP.conference() : given.conference(),
                isBlank(given.origin()) ? ARTICLE_TRIP.origin() : given.origin(),
                isBlank(given.destination()) ? ARTICLE_TRIP.destination() : given.destination());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
