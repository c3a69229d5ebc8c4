package dev.reprise.api;

/**
 * The one place the rules for names live: instance IDs (as Durable Functions': at most {@value #MAX_LENGTH}
 * characters, none of {@code / \ # ?}), external event names and function names. Control characters are refused in
 * all of them: they would break status URLs and logs. Every rule fails with {@link InvalidRequestException}, whether
 * the name came from an HTTP request, the {@link DurableClient} or orchestrator code.
 */
public final class Names {

    /** Longest accepted instance ID or event name, in characters. */
    public static final int MAX_LENGTH = 256;

    private Names() {
    }

    /**
     * Checks an instance ID: 1 to {@value #MAX_LENGTH} characters, not blank, none of {@code / \ # ?} or control
     * characters.
     *
     * @return {@code instanceId}, unchanged
     * @throws InvalidRequestException naming the offending character and its position, or the length
     */
    public static String instanceId(String instanceId) {
        return requireText("instanceId", instanceId, true, "/\\#?");
    }

    /**
     * Checks the name of an external event: not blank, at most {@value #MAX_LENGTH} characters, no control
     * characters.
     *
     * @return {@code eventName}, unchanged
     * @throws InvalidRequestException naming the offending character and its position, or the length
     */
    public static String eventName(String eventName) {
        return requireText("eventName", eventName, true, "");
    }

    /**
     * Checks the name of an orchestrator or activity that code calls: not blank, no control characters.
     *
     * @param what how the message names it, e.g. {@code "activity name"}
     * @return {@code name}, unchanged
     * @throws InvalidRequestException naming the offending character and its position
     */
    public static String functionName(String what, String name) {
        return requireText(what, name, false, "");
    }

    /**
     * Checks an entity's name, as registered with {@link Entity}: 1 to {@value #MAX_LENGTH} characters, not blank,
     * none of {@code @ / \ # ?} or control characters ({@code @} separates name and key in {@code @name@key}).
     *
     * @return {@code name}, unchanged
     * @throws InvalidRequestException naming the offending character and its position, or the length
     */
    public static String entityName(String name) {
        return requireText("entity name", name, true, "@/\\#?");
    }

    /**
     * Checks an entity's key: the rules of instance IDs (1 to {@value #MAX_LENGTH} characters, not blank, none of
     * {@code / \ # ?} or control characters), so a key can always be written in a URL path.
     *
     * @return {@code key}, unchanged
     * @throws InvalidRequestException naming the offending character and its position, or the length
     */
    public static String entityKey(String key) {
        return requireText("entity key", key, true, "/\\#?");
    }

    /**
     * Checks the name of an entity operation: not blank, at most {@value #MAX_LENGTH} characters, no control
     * characters. Operations are matched ignoring case.
     *
     * @return {@code operation}, unchanged
     * @throws InvalidRequestException naming the offending character and its position, or the length
     */
    public static String operationName(String operation) {
        return requireText("operation name", operation, true, "");
    }

    /**
     * Checks an orchestration version (Durable Functions' orchestration versioning): empty for none, or at most
     * {@value #MAX_LENGTH} characters, not blank, no control characters.
     *
     * @return {@code version}, unchanged
     * @throws InvalidRequestException naming the offending character and its position, or the length
     */
    public static String version(String version) {
        return version.isEmpty() ? version : requireText("version", version, true, "");
    }

    /** Not blank, within the length when {@code bounded}, no control characters and none of {@code forbidden}. */
    private static String requireText(String what, String value, boolean bounded, String forbidden) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(what + " must not be blank");
        }
        if (bounded && value.length() > MAX_LENGTH) {
            throw new InvalidRequestException(what + " is " + value.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || forbidden.indexOf(c) >= 0) {
                StringBuilder rule = new StringBuilder();
                forbidden.chars().forEach(f -> rule.append('\'').append((char) f).append("', "));
                String rules = forbidden.isEmpty() ? "control characters"
                        : rule.substring(0, rule.length() - 2) + " or control characters";
                throw new InvalidRequestException(what + " must not contain " + rules + "; found "
                        + (Character.isISOControl(c) ? "U+" + String.format("%04X", (int) c) : "'" + c + "'")
                        + " at position " + i);
            }
        }
        return value;
    }
}
