package dev.reprise.store;

import dev.reprise.api.RepriseException;

/**
 * This process's lease on an instance or work item expired and another process took it over; the work done under the
 * lost lease is rolled back, so nothing is applied twice.
 */
public class LeaseLostException extends RepriseException {

    public LeaseLostException(String what) {
        super("Lease lost on " + what + "; another replica took it over and this attempt was rolled back");
    }
}
