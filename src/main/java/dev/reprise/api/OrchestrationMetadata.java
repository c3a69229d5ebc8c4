package dev.reprise.api;

import java.time.Instant;
import java.util.function.BiFunction;

/**
 * A snapshot of an orchestration instance, as Durable Functions' {@code DurableOrchestrationStatus}. Payloads are kept
 * as JSON text; read them typed with {@link #readInputAs}, {@link #readOutputAs} and {@link #readCustomStatusAs}.
 */
public final class OrchestrationMetadata {

    private final String name;
    private final String instanceId;
    private final OrchestrationRuntimeStatus runtimeStatus;
    private final String serializedInput;
    private final String serializedOutput;
    private final String serializedCustomStatus;
    private final FailureDetails failureDetails;
    private final Instant createdAt;
    private final Instant lastUpdatedAt;
    private final BiFunction<String, Class<?>, Object> reader;

    public OrchestrationMetadata(String name, String instanceId, OrchestrationRuntimeStatus runtimeStatus,
                                 String serializedInput, String serializedOutput, String serializedCustomStatus,
                                 FailureDetails failureDetails, Instant createdAt, Instant lastUpdatedAt,
                                 BiFunction<String, Class<?>, Object> reader) {
        this.name = name;
        this.instanceId = instanceId;
        this.runtimeStatus = runtimeStatus;
        this.serializedInput = serializedInput;
        this.serializedOutput = serializedOutput;
        this.serializedCustomStatus = serializedCustomStatus;
        this.failureDetails = failureDetails;
        this.createdAt = createdAt;
        this.lastUpdatedAt = lastUpdatedAt;
        this.reader = reader;
    }

    public String getName() {
        return name;
    }

    public String getInstanceId() {
        return instanceId;
    }

    public OrchestrationRuntimeStatus getRuntimeStatus() {
        return runtimeStatus;
    }

    /** {@code true} when Completed, Failed or Terminated. */
    public boolean isCompleted() {
        return runtimeStatus.isTerminal();
    }

    /** The input as JSON text, or {@code null} (also when fetched without inputs and outputs). */
    public String getSerializedInput() {
        return serializedInput;
    }

    /** The output as JSON text, or {@code null}. For a terminated instance, the reason. */
    public String getSerializedOutput() {
        return serializedOutput;
    }

    public String getSerializedCustomStatus() {
        return serializedCustomStatus;
    }

    /** Why the instance failed, when Failed. */
    public FailureDetails getFailureDetails() {
        return failureDetails;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getLastUpdatedAt() {
        return lastUpdatedAt;
    }

    public <T> T readInputAs(Class<T> type) {
        return type.cast(reader.apply(serializedInput, type));
    }

    public <T> T readOutputAs(Class<T> type) {
        return type.cast(reader.apply(serializedOutput, type));
    }

    public <T> T readCustomStatusAs(Class<T> type) {
        return type.cast(reader.apply(serializedCustomStatus, type));
    }

    @Override
    public String toString() {
        return "OrchestrationMetadata[" + name + " '" + instanceId + "' " + runtimeStatus + "]";
    }
}
