package dev.reprise.api;

import java.util.Locale;
import java.util.Objects;

/**
 * Identifies a durable entity: its name (the entity function, as registered with {@link Entity}) and its key (which
 * one of them), as Durable Functions' {@code EntityId} (durabletask-java's {@code EntityInstanceId}). The name is
 * kept lowercased, so names compare case-insensitively as Durable Functions compares them; the key is kept as given.
 * The string form is {@code @name@key}, e.g. {@code @counter@steps}.
 *
 * <p>Names follow {@link Names#entityName} and keys {@link Names#entityKey}: both are checked here, so an ID that
 * exists is one every route and store accepts.
 */
public final class EntityInstanceId implements Comparable<EntityInstanceId> {

    private final String name;
    private final String key;

    /**
     * @param name the entity's name, e.g. {@code "Counter"} (stored lowercased)
     * @param key  the entity's key, e.g. {@code "steps"}
     * @throws InvalidRequestException when the name or key breaks the rules of {@link Names}
     */
    public EntityInstanceId(String name, String key) {
        this.name = Names.entityName(name).toLowerCase(Locale.ROOT);
        this.key = Names.entityKey(key);
    }

    /** Same as the constructor. */
    public static EntityInstanceId of(String name, String key) {
        return new EntityInstanceId(name, key);
    }

    /**
     * Reads the string form {@code @name@key}: the name is what lies between the first two {@code @}, the key is
     * everything after the second (it may itself hold {@code @}).
     *
     * @throws InvalidRequestException when {@code value} is not of that form or its parts break the rules
     */
    public static EntityInstanceId fromString(String value) {
        int second = value == null || !value.startsWith("@") ? -1 : value.indexOf('@', 1);
        if (second < 0) {
            throw new InvalidRequestException("An entity ID has the form @name@key, e.g. @counter@steps; got '"
                    + value + "'");
        }
        return new EntityInstanceId(value.substring(1, second), value.substring(second + 1));
    }

    /** The entity's name, lowercased. */
    public String getName() {
        return name;
    }

    /** The entity's key. */
    public String getKey() {
        return key;
    }

    /** {@code @name@key}. */
    @Override
    public String toString() {
        return "@" + name + "@" + key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityInstanceId other && name.equals(other.name) && key.equals(other.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, key);
    }

    /**
     * Orders by the string form: the one global order in which critical sections lock entities, so two
     * orchestrations locking the same entities never wait for each other in a cycle.
     */
    @Override
    public int compareTo(EntityInstanceId other) {
        return toString().compareTo(other.toString());
    }
}
