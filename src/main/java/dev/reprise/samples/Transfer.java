package dev.reprise.samples;

import dev.reprise.api.CriticalSection;
import dev.reprise.api.EntityInstanceId;
import dev.reprise.api.NonRetriableException;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Durable Functions' critical-section example: moves money between two {@link BankAccount} entities. The
 * orchestration locks both accounts, reads the source's balance, and only then withdraws and deposits; while it holds
 * the locks no other operation runs on either account, so no concurrent transfer can see a balance that is about to
 * change, and no overdraft can happen. Locks are taken in one global order, so two transfers between the same
 * accounts in opposite directions never deadlock.
 *
 * <h2>Contract</h2>
 * Input ({@link TransferRequest}): {@code {"from": "alice", "to": "bob", "amount": 30}}: two different account keys
 * and a positive whole amount (otherwise the instance fails, non-retriably, saying which). Output
 * ({@link TransferResult}): {@code {"transferred": true, "fromBalance": 70, "toBalance": 30}} with both balances
 * after the transfer, or {@code {"transferred": false, ...}} with the balances unchanged when the source holds less
 * than the amount.
 */
@ApplicationScoped
@LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
public class Transfer {

    /** The orchestration's input. */
    @RegisterForReflection
    public record TransferRequest(String from, String to, int amount) {
    }

    /** The orchestration's output. */
    @RegisterForReflection
    public record TransferResult(boolean transferred, int fromBalance, int toBalance) {
    }

    @Produces
    @Orchestrator("Transfer")
    @LookupIfProperty(name = "reprise.samples.enabled", stringValue = "true", lookupIfMissing = true)
    OrchestratorFunction transfer() {
        return ctx -> {
            TransferRequest request = ctx.getInput(TransferRequest.class);
            if (request == null || request.from() == null || request.to() == null || request.amount() <= 0
                    || request.from().equals(request.to())) {
                throw new NonRetriableException("Transfer needs {\"from\": key, \"to\": another key, \"amount\": a "
                        + "positive whole number}, got " + request);
            }
            EntityInstanceId from = EntityInstanceId.of("BankAccount", request.from());
            EntityInstanceId to = EntityInstanceId.of("BankAccount", request.to());
            try (CriticalSection locked = ctx.lockEntities(from, to).await()) {
                int fromBalance = ctx.callEntity(from, "balance", null, Integer.class).await();
                int toBalance = ctx.callEntity(to, "balance", null, Integer.class).await();
                if (fromBalance < request.amount()) {
                    return new TransferResult(false, fromBalance, toBalance);
                }
                ctx.callEntity(from, "withdraw", request.amount(), Void.class).await();
                ctx.callEntity(to, "deposit", request.amount(), Void.class).await();
                return new TransferResult(true, fromBalance - request.amount(), toBalance + request.amount());
            }
        };
    }
}
