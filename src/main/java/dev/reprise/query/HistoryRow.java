package dev.reprise.query;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.io.Serializable;
import java.util.Objects;

/**
 * A read-only view of one row of {@code reprise_history}: one history event of an instance's current execution, as
 * the store's JSON text ({@code HistoryCodec} reads it).
 */
@Entity
@Table(name = "reprise_history")
@IdClass(HistoryRow.Key.class)
@Immutable
public class HistoryRow {

    @Id
    String taskHub;
    @Id
    String instanceId;
    @Id
    int sequenceNumber;
    String payload;

    /** The primary key: task hub, instance ID, sequence number. */
    public static class Key implements Serializable {
        String taskHub;
        String instanceId;
        int sequenceNumber;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && sequenceNumber == k.sequenceNumber && Objects.equals(taskHub, k.taskHub)
                    && Objects.equals(instanceId, k.instanceId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(taskHub, instanceId, sequenceNumber);
        }
    }
}
