package dev.reprise.store;

/**
 * This process's lease on an instance or work item expired and another process took it over; the work done under the
 * lost lease is rolled back, so nothing is applied twice. Internal to the engine: users never see it, so it stands
 * outside the public {@code RepriseException} hierarchy.
 */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(String what) {
        super("Lease lost on " + what + "; another replica took it over and this attempt was rolled back", null,
                false, false);
    }
}
