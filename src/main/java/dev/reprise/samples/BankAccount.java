package dev.reprise.samples;

import dev.reprise.api.AbstractTaskEntity;
import dev.reprise.api.Entity;
import dev.reprise.api.TaskEntityOperation;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.Dependent;

/**
 * A bank account entity, for Durable Functions' critical-section example ({@link Transfer}).
 *
 * <h2>Contract</h2>
 * Entity name {@code BankAccount}; state: the balance, a JSON number (0 before any operation). Operations:
 * {@code deposit} and {@code withdraw} with a positive whole amount, and {@code balance} (returns the balance).
 * A withdrawal larger than the balance fails with {@code IllegalStateException: Insufficient funds ...} and changes
 * nothing; so does an amount that is not positive.
 */
@Entity("BankAccount")
@Dependent
@RegisterForReflection
@LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
public class BankAccount extends AbstractTaskEntity<Integer> {

    public void deposit(int amount) {
        requirePositive(amount);
        state += amount;
    }

    public void withdraw(int amount) {
        requirePositive(amount);
        if (state < amount) {
            throw new IllegalStateException("Insufficient funds in account '" + context.getId().getKey()
                    + "': balance " + state + ", asked " + amount);
        }
        state -= amount;
    }

    public int balance() {
        return state;
    }

    @Override
    protected Integer initializeState(TaskEntityOperation operation) {
        return 0;
    }

    private static void requirePositive(int amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("The amount must be a positive whole number, was " + amount);
        }
    }
}
