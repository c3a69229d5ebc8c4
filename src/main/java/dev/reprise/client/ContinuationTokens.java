package dev.reprise.client;

import dev.reprise.api.InvalidRequestException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The continuation token of instance queries: the position after the last instance of a page (its creation time and
 * instance ID, the query's sort key), opaque to clients as Durable Functions' {@code x-ms-continuation-token} is.
 */
final class ContinuationTokens {

    /** Where a page ended. */
    record Position(Instant createdAt, String instanceId) {
    }

    private ContinuationTokens() {
    }

    static String encode(Instant createdAt, String instanceId) {
        String position = createdAt + "|" + instanceId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws InvalidRequestException for a token this service did not issue
     */
    static Position decode(String token) {
        try {
            String position = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = position.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException("no separator");
            }
            String instanceId = position.substring(bar + 1);
            if (instanceId.indexOf('\u0000') >= 0) {
                throw new IllegalArgumentException("no instance ID holds U+0000");
            }
            return new Position(Instant.parse(position.substring(0, bar)), instanceId);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidRequestException("The continuation token is not one this service issued; pass the "
                    + "x-ms-continuation-token value of the previous page unchanged, or omit it for the first page");
        }
    }
}
