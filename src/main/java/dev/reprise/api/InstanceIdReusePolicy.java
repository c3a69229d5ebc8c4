package dev.reprise.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a start does when its instance ID belongs to an instance that finished (Completed, Failed or Terminated), as
 * Durable Functions' {@code OverridableExistingInstanceStates} and Temporal's workflow ID reuse policy. An ID whose
 * instance is still Pending, Running or Suspended is always refused ({@link InstanceAlreadyExistsException}, HTTP
 * 409), whatever the policy. The default is {@link #REUSE}, as Durable Functions overrides finished instances.
 */
public enum InstanceIdReusePolicy {

    /** Replace the finished instance: its history, messages and work items are deleted and a new one starts. */
    REUSE("reuse"),
    /** Refuse the start with {@link InstanceAlreadyExistsException} (HTTP 409); the finished instance stays. */
    REJECT("reject"),
    /**
     * Start nothing and answer with the finished instance (an idempotent start): the same instance ID is returned
     * when the finished instance ran the same orchestrator; another orchestrator's instance is refused with
     * {@link InstanceAlreadyExistsException} (HTTP 409).
     */
    USE_EXISTING("useExisting");

    private final String wireName;

    InstanceIdReusePolicy(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the HTTP API's {@code reusePolicy} parameter: {@code reuse}, {@code reject}, {@code useExisting}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The policy of an HTTP {@code reusePolicy} value, ignoring case; {@link #REUSE} for {@code null}.
     *
     * @throws InvalidRequestException when {@code value} names no policy
     */
    public static InstanceIdReusePolicy parse(String value) {
        if (value == null) {
            return REUSE;
        }
        for (InstanceIdReusePolicy p : values()) {
            if (p.wireName.toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new InvalidRequestException("reusePolicy must be one of " + Arrays.stream(values())
                .map(InstanceIdReusePolicy::wireName).collect(Collectors.joining(", ")) + " (what a start does with "
                + "the ID of a finished instance); was '" + value + "'");
    }
}
