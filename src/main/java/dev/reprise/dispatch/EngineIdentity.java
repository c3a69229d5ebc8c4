package dev.reprise.dispatch;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** This process's name as a lease owner: unique per start, so a restarted process never reuses a dead one's leases. */
@ApplicationScoped
public class EngineIdentity {

    private final String owner = hostName() + "/" + UUID.randomUUID();

    public String owner() {
        return owner;
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "reprise" : host;
    }
}
