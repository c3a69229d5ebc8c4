package dev.reprise.history;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * What a message to a durable entity carries (the payload of a {@code reprise_entity_inbox} row; who sent it is kept
 * beside it, in columns the store's statements read). The kinds follow the Durable Task Framework's entity messages:
 * an operation signalled or called, a lock request travelling through the entities of a critical section, a release.
 *
 * @param kind      what the message asks for
 * @param operation the operation's name, for {@link Kind#SIGNAL} and {@link Kind#CALL}
 * @param input     the operation's input as JSON text, or {@code null}
 * @param taskId    the caller's task ID, for {@link Kind#CALL} (the result's address) and {@link Kind#LOCK} (the
 *                  grant's); -1 otherwise
 * @param lockSet   for {@link Kind#LOCK}: every entity of the request, in lock order; {@code null} otherwise
 * @param position  for {@link Kind#LOCK}: the index in {@code lockSet} of the entity this message is for
 */
@RegisterForReflection
public record EntityMessage(Kind kind, String operation, String input, int taskId, List<String> lockSet,
                            int position) {

    /** The kinds of entity messages; the name is also stored in the {@code kind} column. */
    public enum Kind {
        /** Run an operation; nobody waits for the result. */
        SIGNAL,
        /** Run an operation and send its result (or failure) back to the calling execution. */
        CALL,
        /** Lock the entity for the sending execution, then pass the request on (or grant it, at the last entity). */
        LOCK,
        /** Release the sending execution's lock. */
        RELEASE;

        /** The value of the {@code kind} column. */
        public String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static EntityMessage signal(String operation, String input) {
        return new EntityMessage(Kind.SIGNAL, operation, input, -1, null, 0);
    }

    public static EntityMessage call(String operation, String input, int taskId) {
        return new EntityMessage(Kind.CALL, operation, input, taskId, null, 0);
    }

    public static EntityMessage lock(int taskId, List<String> lockSet, int position) {
        return new EntityMessage(Kind.LOCK, null, null, taskId, lockSet, position);
    }

    public static EntityMessage release() {
        return new EntityMessage(Kind.RELEASE, null, null, -1, null, 0);
    }
}
