package dev.reprise.samples;

import dev.reprise.api.Activity;
import dev.reprise.api.ActivityFunction;
import dev.reprise.api.OrchestrationContext;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.RetryPolicy;
import dev.reprise.api.TaskFailedException;
import dev.reprise.api.TaskOptions;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.BiFunction;

/**
 * Function chaining with a retried step, a fallback and compensation (the "saga" pattern): books a conference, then
 * a flight (retried), falling back to a train when no flight can be had, then a hotel; when a later booking fails,
 * the bookings already made are cancelled in reverse order and the instance fails. This is the {@code BookTrip}
 * orchestrator that "Making Sense of Azure Durable Functions" (Mikhail Shilkov, 2018) calls as a sub-orchestration;
 * {@link ServerlessDaysTrips} runs that article's examples.
 *
 * <h2>Contract</h2>
 * Input: {@code {"conference": "KubeCon", "origin": "Seattle", "destination": "San Francisco"}} ({@link TripRequest});
 * any conference and any two different places. Output ({@link TripBooking}):
 * <pre>{@code
 * {"conference": {"name": "KubeCon", "fee": 1100, "nights": 4},
 *  "transport":  {"type": "flight", "origin": "Seattle", "destination": "San Francisco", "fare": 180},
 *  "hotel":      {"city": "San Francisco", "nights": 4, "nightlyRate": 260, "cost": 1040},
 *  "total": 2320}
 * }</pre>
 * {@code total} is the conference fee plus the fare plus the hotel cost (nightly rate × the conference's nights).
 * Prices come from {@link TravelCatalog}: a few list prices, every other one fixed by the names, so the same input
 * always gives the same output. A missing origin or destination, or the same place for both, fails the instance
 * before anything is booked.
 *
 * <h2>Which input takes which path</h2>
 * <ul>
 *   <li>Flight: {@code {"conference":"KubeCon","origin":"Seattle","destination":"San Francisco"}} completes with a
 *       flight, total 1100 + 180 + 4 × 260 = 2320; so does any trip between two places with an airport.</li>
 *   <li>Train fallback: a destination without an airport, {@code {"conference":"Devoxx","origin":"London",
 *       "destination":"Antwerp"}}: BookFlight is scheduled 3 times (retry policy: 1 s, then 2 s backoff) and fails,
 *       then BookTrain; total 850 + 95 + 3 × 140 = 1365.</li>
 *   <li>Hotel failure with compensation: a destination without a hotel. Seattle → Antarctica books the flight,
 *       BookHotel fails, then CancelFlight and CancelConference run and the instance fails with
 *       "BookHotel failed: ...". London → Vatican City (no airport either) books the train, then CancelTrain and
 *       CancelConference run.</li>
 *   <li>No transport at all (Seattle → Antwerp: no airport, and no train across the ocean): BookFlight fails 3
 *       times, BookTrain fails, CancelConference runs and the instance fails with "BookTrain failed: ...".</li>
 *   <li>Blank conference: BookConference fails, nothing is booked, and the instance fails with
 *       "BookConference failed: ...".</li>
 * </ul>
 */
@ApplicationScoped
@LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
public class BookTrip {

    /** The flight call's retry policy: 3 attempts, waiting 1 s then 2 s (durable timers). */
    static final RetryPolicy FLIGHT_RETRY = new RetryPolicy(3, Duration.ofSeconds(1), 2.0, null, null);

    /** Compensations must not give up on the first hiccup either. */
    static final RetryPolicy CANCEL_RETRY = new RetryPolicy(3, Duration.ofSeconds(1), 2.0, null, null);

    /** What a trip is for and between where. */
    @RegisterForReflection
    public record TripRequest(String conference, String origin, String destination) {
    }

    /** A conference registration. */
    @RegisterForReflection
    public record ConferenceBooking(String name, int fee, int nights) {
    }

    /** A flight or train ticket; {@code type} is {@code "flight"} or {@code "train"}. */
    @RegisterForReflection
    public record TransportBooking(String type, String origin, String destination, int fare) {
    }

    /** What BookFlight and BookTrain are asked for. */
    @RegisterForReflection
    public record RouteRequest(String origin, String destination) {
    }

    /** What BookHotel is asked for. */
    @RegisterForReflection
    public record HotelRequest(String city, int nights) {
    }

    /** A hotel room for the conference's nights. */
    @RegisterForReflection
    public record HotelBooking(String city, int nights, int nightlyRate, int cost) {
    }

    /** The orchestration's output. */
    @RegisterForReflection
    public record TripBooking(ConferenceBooking conference, TransportBooking transport, HotelBooking hotel,
                              int total) {
    }

    /** The instance's failure: names the step that failed and what was compensated. */
    public static class TripBookingException extends RuntimeException {
        public TripBookingException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Produces
    @Orchestrator("BookTrip")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    OrchestratorFunction bookTrip() {
        return BookTrip::run;
    }

    static TripBooking run(OrchestrationContext ctx) {
        TripRequest trip = ctx.getInput(TripRequest.class);
        if (trip == null) {
            throw new IllegalArgumentException("BookTrip needs an input such as "
                    + "{\"conference\":\"KubeCon\",\"origin\":\"Seattle\",\"destination\":\"San Francisco\"}");
        }
        if (isBlank(trip.origin()) || isBlank(trip.destination())
                || TravelCatalog.sameCity(trip.origin(), trip.destination())) {
            throw new IllegalArgumentException("BookTrip needs an origin and a different destination, e.g. "
                    + "{\"conference\":\"KubeCon\",\"origin\":\"Seattle\",\"destination\":\"San Francisco\"}; got "
                    + trip);
        }
        RouteRequest route = new RouteRequest(trip.origin(), trip.destination());

        ConferenceBooking conference;
        try {
            conference = ctx.callActivity("BookConference", trip.conference(), ConferenceBooking.class).await();
        } catch (TaskFailedException e) {
            throw failed("BookConference", e, List.of());
        }

        TransportBooking transport;
        try {
            transport = ctx.callActivity("BookFlight", route, TaskOptions.withRetryPolicy(FLIGHT_RETRY),
                    TransportBooking.class).await();
        } catch (TaskFailedException noFlight) {
            // Every attempt failed: fall back to the train.
            try {
                transport = ctx.callActivity("BookTrain", route, TransportBooking.class).await();
            } catch (TaskFailedException noTrain) {
                cancel(ctx, "CancelConference", conference);
                throw failed("BookTrain", noTrain, List.of("CancelConference"));
            }
        }

        HotelBooking hotel;
        try {
            hotel = ctx.callActivity("BookHotel", new HotelRequest(trip.destination(), conference.nights()),
                    HotelBooking.class).await();
        } catch (TaskFailedException e) {
            // Undo what was booked, newest first, as a saga unwinds.
            String cancelTransport = "flight".equals(transport.type()) ? "CancelFlight" : "CancelTrain";
            cancel(ctx, cancelTransport, transport);
            cancel(ctx, "CancelConference", conference);
            throw failed("BookHotel", e, List.of(cancelTransport, "CancelConference"));
        }
        return new TripBooking(conference, transport, hotel, conference.fee() + transport.fare() + hotel.cost());
    }

    /** A compensating activity; if it still fails after its retries, the instance fails with that failure. */
    private static void cancel(OrchestrationContext ctx, String activity, Object booking) {
        ctx.callActivity(activity, booking, TaskOptions.withRetryPolicy(CANCEL_RETRY), String.class).await();
    }

    private static TripBookingException failed(String step, TaskFailedException cause, List<String> compensated) {
        String reason = cause.getFailureDetails().errorMessage();
        return new TripBookingException(step + " failed: " + reason + (compensated.isEmpty()
                ? "; nothing was booked" : "; compensated with " + String.join(", ", compensated)), cause);
    }

    // ---- activities ----

    @Produces
    @Activity("BookConference")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction bookConference() {
        return ctx -> {
            String name = ctx.getInput(String.class);
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("No conference given; known conferences: " + conferenceNames());
            }
            TravelCatalog.Registration registration = TravelCatalog.conference(name);
            return new ConferenceBooking(registration.name(), registration.fee(), registration.nights());
        };
    }

    @Produces
    @Activity("BookFlight")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction bookFlight() {
        return ctx -> book("flight", TravelCatalog::flight, ctx.getInput(RouteRequest.class));
    }

    @Produces
    @Activity("BookTrain")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction bookTrain() {
        return ctx -> book("train", TravelCatalog::train, ctx.getInput(RouteRequest.class));
    }

    @Produces
    @Activity("BookHotel")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction bookHotel() {
        return ctx -> {
            HotelRequest request = ctx.getInput(HotelRequest.class);
            if (request == null || request.city() == null || request.city().isBlank()) {
                throw new IllegalArgumentException("BookHotel needs a city");
            }
            if (request.nights() < 1) {
                throw new IllegalArgumentException("BookHotel needs at least one night, got " + request.nights());
            }
            String city = TravelCatalog.cityName(request.city());
            int rate = TravelCatalog.hotel(city)
                    .orElseThrow(() -> new IllegalStateException("No hotel available in " + city));
            return new HotelBooking(city, request.nights(), rate, Math.multiplyExact(rate, request.nights()));
        };
    }

    @Produces
    @Activity("CancelConference")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction cancelConference() {
        return ctx -> {
            ConferenceBooking booking = ctx.getInput(ConferenceBooking.class);
            if (booking == null || booking.name() == null) {
                throw new IllegalArgumentException("CancelConference needs the conference booking to cancel");
            }
            return "Cancelled registration for " + booking.name() + ", refunded " + booking.fee();
        };
    }

    @Produces
    @Activity("CancelFlight")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction cancelFlight() {
        return ctx -> cancelTicket("flight", ctx.getInput(TransportBooking.class));
    }

    @Produces
    @Activity("CancelTrain")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction cancelTrain() {
        return ctx -> cancelTicket("train", ctx.getInput(TransportBooking.class));
    }

    private static TransportBooking book(String type, BiFunction<String, String, OptionalInt> fares,
                                          RouteRequest route) {
        if (route == null || isBlank(route.origin()) || isBlank(route.destination())) {
            throw new IllegalArgumentException("A " + type + " needs an origin and a destination");
        }
        String from = TravelCatalog.cityName(route.origin());
        String to = TravelCatalog.cityName(route.destination());
        int fare = fares.apply(from, to)
                .orElseThrow(() -> new IllegalStateException("No " + type + " route from " + from + " to " + to));
        return new TransportBooking(type, from, to, fare);
    }

    private static String cancelTicket(String type, TransportBooking ticket) {
        if (ticket == null || !type.equals(ticket.type())) {
            throw new IllegalArgumentException("Cancel" + capitalize(type) + " needs the " + type + " booking to cancel,"
                    + " got " + ticket);
        }
        return "Cancelled " + type + " " + ticket.origin() + " to " + ticket.destination() + ", refunded "
                + ticket.fare();
    }

    private static List<String> conferenceNames() {
        return TravelCatalog.SERIES.stream().map(TravelCatalog.Series::name).toList();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String capitalize(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
