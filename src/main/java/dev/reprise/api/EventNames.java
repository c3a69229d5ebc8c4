package dev.reprise.api;

/**
 * The rules for the names of events raised from outside: not blank, at most {@value #MAX_LENGTH} characters, no
 * control characters (they would break URLs and logs).
 */
public final class EventNames {

    /** Longest accepted event name, in characters. */
    public static final int MAX_LENGTH = 256;

    private EventNames() {
    }

    /**
     * @throws InvalidRequestException naming the offending character or length
     */
    public static String validate(String eventName) {
        if (eventName == null || eventName.isBlank()) {
            throw new InvalidRequestException("eventName must not be blank");
        }
        if (eventName.length() > MAX_LENGTH) {
            throw new InvalidRequestException("eventName is " + eventName.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        for (int i = 0; i < eventName.length(); i++) {
            char c = eventName.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidRequestException("eventName must not contain control characters; found U+"
                        + String.format("%04X", (int) c) + " at position " + i);
            }
        }
        return eventName;
    }
}
