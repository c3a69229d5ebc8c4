package dev.reprise.replay;

/**
 * Turns user values into the JSON text stored in history and back. Implementations must be deterministic: the same
 * value always yields the same text, so replays compare equal.
 */
public interface PayloadConverter {

    /** JSON text for {@code value}; {@code null} for {@code null}. */
    String serialize(Object value);

    /**
     * {@code json} read as {@code type}; {@code null} for {@code null} text or {@code Void.class}.
     *
     * @throws IllegalArgumentException when the text does not fit the type, naming both
     */
    <T> T deserialize(String json, Class<T> type);
}
