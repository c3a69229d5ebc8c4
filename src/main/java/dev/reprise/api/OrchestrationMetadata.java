package dev.reprise.api;

import java.time.Instant;
import java.util.function.BiFunction;

/**
 * A snapshot of an orchestration instance, as Durable Functions' {@code DurableOrchestrationStatus} (durabletask-java's
 * {@code OrchestrationMetadata}); it does not change when the instance moves on. Payloads are kept as JSON text; read
 * them typed with {@link #readInputAs}, {@link #readOutputAs} and {@link #readCustomStatusAs}. When the snapshot was
 * fetched without inputs and outputs, all three payloads are {@code null}.
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
    private final String executionId;
    private final String version;

    /**
     * Built by the {@link DurableClient}; public so tests and adapters can build snapshots of their own.
     *
     * @param name                   the orchestrator's name
     * @param instanceId             the instance ID
     * @param runtimeStatus          the status when read; not {@code null}
     * @param serializedInput        the input as JSON text, or {@code null}
     * @param serializedOutput       the output as JSON text, or {@code null}
     * @param serializedCustomStatus the custom status as JSON text, or {@code null}
     * @param failureDetails         why it failed, or {@code null}
     * @param createdAt              when the instance was created, by the engine's clock
     * @param lastUpdatedAt          when its state last changed, by the engine's clock
     * @param reader                 reads JSON text as a type ({@code null} text gives {@code null}); used by the
     *                               {@code read...As} methods
     */
    public OrchestrationMetadata(String name, String instanceId, OrchestrationRuntimeStatus runtimeStatus,
                                 String serializedInput, String serializedOutput, String serializedCustomStatus,
                                 FailureDetails failureDetails, Instant createdAt, Instant lastUpdatedAt,
                                 BiFunction<String, Class<?>, Object> reader) {
        this(name, instanceId, runtimeStatus, serializedInput, serializedOutput, serializedCustomStatus,
                failureDetails, createdAt, lastUpdatedAt, reader, null, null);
    }

    /**
     * As the constructor above, with the current execution's ID and the instance's orchestration version.
     *
     * @param executionId the current execution's ID (see {@link #getExecutionId()}), or {@code null} when unknown
     * @param version     the instance's orchestration version (see {@link #getVersion()}), or {@code null}
     */
    public OrchestrationMetadata(String name, String instanceId, OrchestrationRuntimeStatus runtimeStatus,
                                 String serializedInput, String serializedOutput, String serializedCustomStatus,
                                 FailureDetails failureDetails, Instant createdAt, Instant lastUpdatedAt,
                                 BiFunction<String, Class<?>, Object> reader, String executionId, String version) {
        this.executionId = executionId;
        this.version = version;
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

    /** The orchestrator's registered name. */
    public String getName() {
        return name;
    }

    /** The instance ID. */
    public String getInstanceId() {
        return instanceId;
    }

    /**
     * The ID of the instance's current execution, as Durable Functions' execution ID: new at every start (also when
     * the instance ID is reused) and at every continue-as-new. {@code null} when the snapshot was built without it.
     */
    public String getExecutionId() {
        return executionId;
    }

    /**
     * The orchestration version the instance was started with, as Durable Functions' orchestration versioning; empty
     * when it was started without one, {@code null} when the snapshot was built without it.
     */
    public String getVersion() {
        return version;
    }

    /** The runtime status when the snapshot was read, as Durable Functions' {@code RuntimeStatus}; never null. */
    public OrchestrationRuntimeStatus getRuntimeStatus() {
        return runtimeStatus;
    }

    /** {@code true} when Completed, Failed or Terminated. */
    public boolean isCompleted() {
        return runtimeStatus.isTerminal();
    }

    /**
     * The current execution's input as JSON text (after continue-as-new, the input it continued with), or
     * {@code null} when there was none or the snapshot was fetched without inputs and outputs.
     */
    public String getSerializedInput() {
        return serializedInput;
    }

    /**
     * The output as JSON text once Completed; for a Terminated instance, the terminate reason as a JSON string.
     * {@code null} while the instance runs, when it Failed, or when fetched without inputs and outputs.
     */
    public String getSerializedOutput() {
        return serializedOutput;
    }

    /**
     * The last status the orchestrator set with {@link OrchestrationContext#setCustomStatus}, as JSON text (at most
     * 16 KiB), or {@code null} when none was set or the snapshot was fetched without inputs and outputs.
     */
    public String getSerializedCustomStatus() {
        return serializedCustomStatus;
    }

    /** Why the instance failed when Failed, otherwise {@code null}; given whether or not payloads were fetched. */
    public FailureDetails getFailureDetails() {
        return failureDetails;
    }

    /**
     * When the instance was created (the start request, by the engine's clock), as Durable Functions'
     * {@code CreatedTime}; continue-as-new keeps it.
     */
    public Instant getCreatedAt() {
        return createdAt;
    }

    /** When its last step committed (or it was created), by the engine's clock, as {@code LastUpdatedTime}. */
    public Instant getLastUpdatedAt() {
        return lastUpdatedAt;
    }

    /**
     * The input read from its JSON as {@code type}; {@code null} when {@link #getSerializedInput()} is.
     *
     * @throws IllegalArgumentException when the JSON cannot be read as {@code type}
     */
    public <T> T readInputAs(Class<T> type) {
        return type.cast(reader.apply(serializedInput, type));
    }

    /**
     * The output read from its JSON as {@code type}; {@code null} when {@link #getSerializedOutput()} is.
     *
     * @throws IllegalArgumentException when the JSON cannot be read as {@code type}
     */
    public <T> T readOutputAs(Class<T> type) {
        return type.cast(reader.apply(serializedOutput, type));
    }

    /**
     * The custom status read from its JSON as {@code type}; {@code null} when {@link #getSerializedCustomStatus()}
     * is.
     *
     * @throws IllegalArgumentException when the JSON cannot be read as {@code type}
     */
    public <T> T readCustomStatusAs(Class<T> type) {
        return type.cast(reader.apply(serializedCustomStatus, type));
    }

    @Override
    public String toString() {
        return "OrchestrationMetadata[" + name + " '" + instanceId + "' " + runtimeStatus + "]";
    }
}
