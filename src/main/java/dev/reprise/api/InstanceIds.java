package dev.reprise.api;

/**
 * The rules for instance IDs, as Durable Functions': at most {@value #MAX_LENGTH} characters, not blank, and none of
 * {@code / \ # ?} or control characters (they would break status URLs and logs).
 */
public final class InstanceIds {

    /** Longest accepted instance ID, in characters. */
    public static final int MAX_LENGTH = 256;

    private InstanceIds() {
    }

    /**
     * @throws InvalidRequestException naming the offending character or length
     */
    public static String validate(String instanceId) {
        if (instanceId == null || instanceId.isBlank()) {
            throw new InvalidRequestException("instanceId must not be blank");
        }
        if (instanceId.length() > MAX_LENGTH) {
            throw new InvalidRequestException("instanceId is " + instanceId.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        for (int i = 0; i < instanceId.length(); i++) {
            char c = instanceId.charAt(i);
            if (c == '/' || c == '\\' || c == '#' || c == '?' || Character.isISOControl(c)) {
                throw new InvalidRequestException("instanceId must not contain '/', '\\', '#', '?' or control "
                        + "characters; found " + (Character.isISOControl(c) ? "U+" + String.format("%04X", (int) c)
                        : "'" + c + "'") + " at position " + i);
            }
        }
        return instanceId;
    }
}
