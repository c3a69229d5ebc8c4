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
import java.util.Map;

/**
 * Function chaining with a retried step, a fallback and compensation (the "saga" pattern): books a conference, then
 * a flight (retried), falling back to a train when no flight can be had, then a hotel; when a later booking fails,
 * the bookings already made are cancelled in reverse order and the instance fails.
 *
 * <h2>Contract</h2>
 * Input: {@code {"conference": "KubeCon", "origin": "Seattle", "destination": "San Francisco"}} ({@link TripRequest}).
 * Output ({@link TripBooking}):
 * <pre>{@code
 * {"conference": {"name": "KubeCon", "fee": 1100, "nights": 4},
 *  "transport":  {"type": "flight", "origin": "Seattle", "destination": "San Francisco", "fare": 180},
 *  "hotel":      {"city": "San Francisco", "nights": 4, "nightlyRate": 260, "cost": 1040},
 *  "total": 2320}
 * }</pre>
 * {@code total} is the conference fee plus the fare plus the hotel cost (nightly rate × the conference's nights).
 * All prices are whole currency units.
 *
 * <h2>The rules (fixed tables, matched case-insensitively)</h2>
 * <ul>
 *   <li>{@code BookConference}: conferences Devoxx (fee 850, 3 nights), KubeCon (fee 1100, 4 nights) and QCon
 *       (fee 1250, 3 nights). A blank or other name fails the step.</li>
 *   <li>{@code BookFlight}: routes (either direction) Seattle–San Francisco 180, Seattle–London 720,
 *       Seattle–Paris 780, London–Amsterdam 140. Any other pair fails; the call has a retry policy of 3 attempts
 *       (1 s, then 2 s backoff), and as the route table does not change, all 3 attempts fail.</li>
 *   <li>{@code BookTrain}: routes (either direction) London–Antwerp 95, London–Paris 110, Amsterdam–Antwerp 45.
 *       Any other pair fails.</li>
 *   <li>{@code BookHotel}: nightly rates San Francisco 260, London 210, Amsterdam 180, Antwerp 140. Every other city
 *       has no hotel, so booking fails (in particular Paris, which both transports reach).</li>
 * </ul>
 *
 * <h2>Which input takes which path</h2>
 * <ul>
 *   <li>Flight: {@code {"conference":"KubeCon","origin":"Seattle","destination":"San Francisco"}} completes with a
 *       flight, total 1100 + 180 + 4 × 260 = 2320.</li>
 *   <li>Train fallback: {@code {"conference":"Devoxx","origin":"London","destination":"Antwerp"}}: BookFlight is
 *       scheduled 3 times and fails (no flight London–Antwerp), then BookTrain; total 850 + 95 + 3 × 140 = 1365.</li>
 *   <li>Hotel failure with compensation: {@code {"conference":"QCon","origin":"Seattle","destination":"Paris"}}
 *       books the flight, BookHotel fails (no hotel in Paris), then CancelFlight and CancelConference run and the
 *       instance fails with "BookHotel failed: ...". With origin London the train is booked instead and
 *       CancelTrain runs.</li>
 *   <li>No transport at all (e.g. Seattle–Antwerp): BookFlight fails 3 times, BookTrain fails, CancelConference
 *       runs and the instance fails with "BookTrain failed: ...".</li>
 *   <li>Unknown or blank conference: BookConference fails, nothing is booked, and the instance fails with
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

    @RegisterForReflection // not serialised today; NativeImageConfigIT wants every sample record registered
    private record Conference(String name, int fee, int nights) {
    }

    @RegisterForReflection // not serialised today; NativeImageConfigIT wants every sample record registered
    private record Fare(String a, String b, int price) {
    }

    static final List<Conference> CONFERENCES = List.of(
            new Conference("Devoxx", 850, 3),
            new Conference("KubeCon", 1100, 4),
            new Conference("QCon", 1250, 3));

    static final List<Fare> FLIGHTS = List.of(
            new Fare("Seattle", "San Francisco", 180),
            new Fare("Seattle", "London", 720),
            new Fare("Seattle", "Paris", 780),
            new Fare("London", "Amsterdam", 140));

    static final List<Fare> TRAINS = List.of(
            new Fare("London", "Antwerp", 95),
            new Fare("London", "Paris", 110),
            new Fare("Amsterdam", "Antwerp", 45));

    static final Map<String, Integer> HOTEL_RATES = Map.of(
            "San Francisco", 260,
            "London", 210,
            "Amsterdam", 180,
            "Antwerp", 140);

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
            for (Conference c : CONFERENCES) {
                if (c.name().equalsIgnoreCase(name.strip())) {
                    return new ConferenceBooking(c.name(), c.fee(), c.nights());
                }
            }
            throw new IllegalArgumentException("Unknown conference '" + name.strip() + "'; known conferences: "
                    + conferenceNames());
        };
    }

    @Produces
    @Activity("BookFlight")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction bookFlight() {
        return ctx -> book("flight", FLIGHTS, ctx.getInput(RouteRequest.class));
    }

    @Produces
    @Activity("BookTrain")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    ActivityFunction bookTrain() {
        return ctx -> book("train", TRAINS, ctx.getInput(RouteRequest.class));
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
            for (Map.Entry<String, Integer> hotel : HOTEL_RATES.entrySet()) {
                if (hotel.getKey().equalsIgnoreCase(request.city().strip())) {
                    int rate = hotel.getValue();
                    return new HotelBooking(hotel.getKey(), request.nights(), rate,
                            Math.multiplyExact(rate, request.nights()));
                }
            }
            throw new IllegalStateException("No hotel available in " + request.city().strip()
                    + "; hotels are available in " + HOTEL_RATES.keySet().stream().sorted().toList());
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

    private static TransportBooking book(String type, List<Fare> fares, RouteRequest route) {
        if (route == null || isBlank(route.origin()) || isBlank(route.destination())) {
            throw new IllegalArgumentException("A " + type + " needs an origin and a destination");
        }
        String from = route.origin().strip();
        String to = route.destination().strip();
        for (Fare f : fares) {
            if (f.a().equalsIgnoreCase(from) && f.b().equalsIgnoreCase(to)) {
                return new TransportBooking(type, f.a(), f.b(), f.price());
            }
            if (f.b().equalsIgnoreCase(from) && f.a().equalsIgnoreCase(to)) {
                return new TransportBooking(type, f.b(), f.a(), f.price());
            }
        }
        throw new IllegalStateException("No " + type + " route from " + from + " to " + to);
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
        return CONFERENCES.stream().map(Conference::name).toList();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String capitalize(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
