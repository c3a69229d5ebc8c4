package dev.reprise.store;

/**
 * Something this process just claimed.
 *
 * @param previousOwner the process whose expired lease was taken over, or {@code null} when nobody held it
 */
public record Leased<T>(T value, String previousOwner) {

    /** {@code true} when this claim took the work over from another (presumably dead) process. */
    public boolean tookOver() {
        return previousOwner != null;
    }
}
