package dev.reprise.samples;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * The trip samples' make-believe travel market: what a conference costs, which flights and trains run, and what a
 * hotel night costs. Any conference and any city can be asked for; names match ignoring case and extra spaces.
 *
 * <p>Prices are whole currency units and a pure function of the names: a few list prices, and for everything else a
 * price picked from a fixed range by the CRC-32 of the normalised names (lower case, single spaces). So the same
 * trip costs the same on every replica, every retry and every release, which {@link BookTrip}'s activities rely on
 * when they run again after a crash.
 *
 * <p>Three places exist to make the failure paths reachable: Antwerp has no airport (a flight there fails, the
 * train fallback runs), Vatican City has no airport and no hotel, Antarctica has an airport but no hotel and no
 * trains. Trains run only between two cities of this table on the same continent (Europe or North America).
 */
final class TravelCatalog {

    /** Where a city is: trains run only within one region. */
    enum Region { EUROPE, NORTH_AMERICA, ANTARCTICA }

    /** A known place; {@code listRate} is its nightly hotel rate, or {@code null} when the rule prices it. */
    @RegisterForReflection // not serialised; NativeImageConfigIT wants every sample record registered
    record City(String name, Region region, boolean airport, boolean hotel, Integer listRate) {
    }

    /** A conference series with a list price: its fee and how many nights it lasts. */
    @RegisterForReflection // not serialised; NativeImageConfigIT wants every sample record registered
    record Series(String name, int fee, int nights) {
    }

    /** A listed fare between two places, in either direction. */
    @RegisterForReflection // not serialised; NativeImageConfigIT wants every sample record registered
    record Fare(String a, String b, int price) {
    }

    /** A priced conference registration; {@code name} has single spaces and a listed series' spelling. */
    @RegisterForReflection // not serialised; NativeImageConfigIT wants every sample record registered
    record Registration(String name, int fee, int nights) {
    }

    static final List<Series> SERIES = List.of(
            new Series("Devoxx", 850, 3),
            new Series("KubeCon", 1100, 4),
            new Series("QCon", 1250, 3));

    static final List<Fare> FLIGHTS = List.of(
            new Fare("Seattle", "San Francisco", 180),
            new Fare("Seattle", "London", 720),
            new Fare("Seattle", "Paris", 780),
            new Fare("London", "Amsterdam", 140));

    static final List<Fare> TRAINS = List.of(
            new Fare("London", "Antwerp", 95),
            new Fare("London", "Paris", 110),
            new Fare("Amsterdam", "Antwerp", 45));

    private static final Map<String, City> CITIES = List.of(
            europe("Amsterdam", 180), europe("Barcelona", null), europe("Berlin", null), europe("Brussels", null),
            europe("Copenhagen", null), europe("Dublin", null), europe("Edinburgh", null), europe("Frankfurt", null),
            europe("Hamburg", null), europe("Lisbon", null), europe("London", 210), europe("Madrid", null),
            europe("Milan", null), europe("Munich", null), europe("Oslo", null), europe("Paris", null),
            europe("Prague", null), europe("Rome", null), europe("Stockholm", null), europe("Vienna", null),
            europe("Warsaw", null), europe("Zurich", null),
            new City("Antwerp", Region.EUROPE, false, true, 140),
            new City("Vatican City", Region.EUROPE, false, false, null),
            northAmerica("Austin", null), northAmerica("Boston", null), northAmerica("Chicago", null),
            northAmerica("Los Angeles", null), northAmerica("New York", null), northAmerica("San Francisco", 260),
            northAmerica("Seattle", null), northAmerica("Toronto", null), northAmerica("Vancouver", null),
            new City("Antarctica", Region.ANTARCTICA, true, false, null)
    ).stream().collect(Collectors.toUnmodifiableMap(c -> normalise(c.name()), Function.identity()));

    private TravelCatalog() {
    }

    /**
     * The registration for {@code conference}: a listed series (the name's first word, e.g. "KubeCon" in "KubeCon
     * Europe") at its list price, any other at a fee of 100 to 1000 in steps of 50 and 1 to 3 nights, both by the
     * series' hash. The name comes back with single spaces and the listed series' spelling.
     */
    static Registration conference(String conference) {
        String name = collapse(conference);
        int space = name.indexOf(' ');
        String series = space < 0 ? name : name.substring(0, space);
        String rest = space < 0 ? "" : name.substring(space);
        for (Series s : SERIES) {
            if (s.name().equalsIgnoreCase(series)) {
                return new Registration(s.name() + rest, s.fee(), s.nights());
            }
        }
        String key = normalise(series);
        return new Registration(name, 100 + 50 * pick("conference:" + key, 19), 1 + pick("nights:" + key, 3));
    }

    /**
     * A flight from {@code origin} to {@code destination}: a listed fare, none when either place has no airport,
     * else (in steps of 10) 80 to 220 between two known cities of one region, 450 to 840 between two known cities of
     * different regions, and 120 to 600 when a city is not in the table.
     */
    static OptionalInt flight(String origin, String destination) {
        OptionalInt listed = listed(FLIGHTS, origin, destination);
        if (listed.isPresent()) {
            return listed;
        }
        City from = CITIES.get(normalise(origin));
        City to = CITIES.get(normalise(destination));
        if (sameCity(origin, destination) || (from != null && !from.airport()) || (to != null && !to.airport())) {
            return OptionalInt.empty();
        }
        String route = "flight:" + pair(origin, destination);
        if (from == null || to == null) {
            return OptionalInt.of(120 + 10 * pick(route, 49)); // how far is unknown: a middle range
        }
        return OptionalInt.of(from.region() == to.region() ? 80 + 10 * pick(route, 15) : 450 + 10 * pick(route, 40));
    }

    /**
     * A train from {@code origin} to {@code destination}: a listed fare, else 30 to 150 (steps of 5) between two known
     * cities of Europe or of North America; none otherwise (unknown cities are reached by air only).
     */
    static OptionalInt train(String origin, String destination) {
        OptionalInt listed = listed(TRAINS, origin, destination);
        if (listed.isPresent()) {
            return listed;
        }
        City from = CITIES.get(normalise(origin));
        City to = CITIES.get(normalise(destination));
        if (sameCity(origin, destination) || from == null || to == null || from.region() != to.region()
                || from.region() == Region.ANTARCTICA) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(30 + 5 * pick("train:" + pair(origin, destination), 25));
    }

    /** The nightly rate in {@code city}: a list rate, none where there is no hotel, else 90 to 250 (steps of 10). */
    static OptionalInt hotel(String city) {
        City known = CITIES.get(normalise(city));
        if (known != null && !known.hotel()) {
            return OptionalInt.empty();
        }
        if (known != null && known.listRate() != null) {
            return OptionalInt.of(known.listRate());
        }
        return OptionalInt.of(90 + 10 * pick("hotel:" + normalise(city), 17));
    }

    /** The canonical spelling of a known city, else the name as given with single spaces. */
    static String cityName(String city) {
        City known = CITIES.get(normalise(city));
        return known != null ? known.name() : collapse(city);
    }

    /** {@code true} when both names are the same place, ignoring case and spaces. */
    static boolean sameCity(String a, String b) {
        return normalise(a).equals(normalise(b));
    }

    private static OptionalInt listed(List<Fare> fares, String origin, String destination) {
        for (Fare f : fares) {
            if (sameCity(f.a(), origin) && sameCity(f.b(), destination)
                    || sameCity(f.b(), origin) && sameCity(f.a(), destination)) {
                return OptionalInt.of(f.price());
            }
        }
        return OptionalInt.empty();
    }

    /** The same key for both directions, so a return trip costs the same. */
    private static String pair(String a, String b) {
        String x = normalise(a);
        String y = normalise(b);
        return x.compareTo(y) <= 0 ? x + "|" + y : y + "|" + x;
    }

    /** A number in [0, choices) fixed by {@code key}: CRC-32 is specified, so it never changes between JVMs. */
    private static int pick(String key, int choices) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % choices);
    }

    private static String normalise(String name) {
        return collapse(name).toLowerCase(Locale.ROOT);
    }

    private static String collapse(String name) {
        return name == null ? "" : name.strip().replaceAll("\\s+", " ");
    }

    private static City europe(String name, Integer listRate) {
        return new City(name, Region.EUROPE, true, true, listRate);
    }

    private static City northAmerica(String name, Integer listRate) {
        return new City(name, Region.NORTH_AMERICA, true, true, listRate);
    }
}
