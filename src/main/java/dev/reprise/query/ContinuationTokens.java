package dev.reprise.query;

import dev.reprise.api.InvalidRequestException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The continuation token of instance queries: the position after the last instance of a page (its sort time and
 * instance ID, the order's key), opaque to clients as Durable Functions' {@code x-ms-continuation-token} is. Tokens of
 * {@link InstanceOrder#CREATED_ASC} are {@code base64url("<createdAt>|<instanceId>")}, the form {@code GET /instances}
 * has always issued; tokens of the other orders carry the order's tag first, so no order reads another's token.
 * Entity queries' tokens are {@code base64url("e|<entityId>")}: the last entity ID of the page, their order's key.
 */
final class ContinuationTokens {

    /** Where a page ended. */
    record Position(Instant at, String instanceId) {
    }

    private ContinuationTokens() {
    }

    static String encode(InstanceOrder order, Instant at, String instanceId) {
        String position = tagOf(order) + at + "|" + instanceId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws InvalidRequestException for a token this service did not issue, or issued for another order
     */
    static Position decode(InstanceOrder order, String token) {
        try {
            String position = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String tag = tagOf(order);
            if (!position.startsWith(tag)) {
                throw new IllegalArgumentException("another order's token");
            }
            position = position.substring(tag.length());
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

    static String encodeEntity(String lastEntityId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("e|" + lastEntityId)
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return the entity ID the page ended with
     * @throws InvalidRequestException for a token this service did not issue for an entity query
     */
    static String decodeEntity(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!text.startsWith("e|@") || text.indexOf('\u0000') >= 0) {
                throw new IllegalArgumentException("not an entity position");
            }
            return text.substring(2);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("The continuation token is not one this service issued for an entity "
                    + "query; pass the x-ms-continuation-token value of the previous page unchanged, or omit it for "
                    + "the first page");
        }
    }

    private static String tagOf(InstanceOrder order) {
        return order.tokenTag.isEmpty() ? "" : order.tokenTag + "|";
    }
}
