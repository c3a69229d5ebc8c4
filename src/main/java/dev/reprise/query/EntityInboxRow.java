package dev.reprise.query;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * A read-only view of one waiting operation in {@code reprise_entity_inbox}: only what counting an entity's backlog
 * needs. The message itself stays the engine's business.
 */
@Entity
@Table(name = "reprise_entity_inbox")
@Immutable
public class EntityInboxRow {

    @Id
    long id;
    String taskHub;
    String entityId;
}
