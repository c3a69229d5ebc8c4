package dev.reprise.query;

import dev.reprise.api.OrchestrationRuntimeStatus;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A read-only view of one row of {@code reprise_instances} (the table the store writes; Flyway owns its schema). Only
 * the columns the query side shows are mapped: the lease and the trace context stay the engine's business.
 * {@link Immutable}: Hibernate never writes through it.
 */
@Entity
@Table(name = "reprise_instances")
@IdClass(InstanceRow.Key.class)
@Immutable
public class InstanceRow {

    @Id
    String taskHub;
    @Id
    String instanceId;
    String executionId;
    String name;
    @Enumerated(EnumType.STRING)
    OrchestrationRuntimeStatus runtimeStatus;
    String input;
    String output;
    String customStatus;
    /** {@link dev.reprise.api.FailureDetails} as the store's JSON text (see {@code HistoryCodec}). */
    String failure;
    String parentInstanceId;
    Instant createdAt;
    Instant lastUpdatedAt;
    Instant completedAt;
    Instant scheduledStartAt;
    int historySize;

    /** The primary key: task hub, then instance ID. */
    public static class Key implements Serializable {
        String taskHub;
        String instanceId;

        public Key() {
        }

        Key(String taskHub, String instanceId) {
            this.taskHub = taskHub;
            this.instanceId = instanceId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(taskHub, k.taskHub) && Objects.equals(instanceId, k.instanceId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(taskHub, instanceId);
        }
    }
}
