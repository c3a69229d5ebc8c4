package dev.reprise.query;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A read-only view of one row of {@code reprise_entities} (the table the entity dispatcher writes; Flyway owns its
 * schema); columns by the naming rule (camelCase to snake_case). The lease, the lock's execution and the version
 * stay the engine's business and are not mapped.
 */
@Entity
@Table(name = "reprise_entities")
@IdClass(EntityRow.Key.class)
@Immutable
public class EntityRow {

    @Id
    String taskHub;
    /** The string form {@code @name@key}. */
    @Id
    String entityId;
    /** The entity's name, lowercased as {@link dev.reprise.api.EntityInstanceId} keeps it. */
    String name;
    String entityKey;
    /** JSON text, or {@code null} when the entity has no state (it does not exist for clients). */
    String state;
    String lockedBy;
    Instant lastModifiedAt;

    /** The primary key: task hub, then entity ID. */
    public static class Key implements Serializable {
        String taskHub;
        String entityId;

        public Key() {
        }

        Key(String taskHub, String entityId) {
            this.taskHub = taskHub;
            this.entityId = entityId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(taskHub, k.taskHub) && Objects.equals(entityId, k.entityId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(taskHub, entityId);
        }
    }
}
