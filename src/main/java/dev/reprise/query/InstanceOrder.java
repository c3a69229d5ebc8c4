package dev.reprise.query;

import io.quarkus.panache.common.Sort;

/**
 * The orders a page of instances can come in. Each is a total order (ties broken by instance ID), so a continuation
 * token can say exactly where a page ended.
 */
public enum InstanceOrder {
    /** Oldest first: the order of {@code GET /instances} and {@code DurableClient.queryInstances}. */
    CREATED_ASC("createdAt", Sort.Direction.Ascending, ""),
    /** Newest first. */
    CREATED_DESC("createdAt", Sort.Direction.Descending, "cd"),
    /** Least recently updated first. */
    UPDATED_ASC("lastUpdatedAt", Sort.Direction.Ascending, "ua"),
    /** Most recently updated first. */
    UPDATED_DESC("lastUpdatedAt", Sort.Direction.Descending, "ud");

    /** The entity attribute sorted on, before the instance ID. */
    final String attribute;
    final Sort.Direction direction;
    /**
     * Marks a continuation token of this order, so a token is only ever read with the order that wrote it. Empty for
     * {@link #CREATED_ASC}, whose tokens keep the form {@code GET /instances} always issued.
     */
    final String tokenTag;

    InstanceOrder(String attribute, Sort.Direction direction, String tokenTag) {
        this.attribute = attribute;
        this.direction = direction;
        this.tokenTag = tokenTag;
    }

    Sort sort() {
        return Sort.by(attribute, direction).and("instanceId", direction);
    }

    /** The HQL condition "after the position {@code :afterAt}, {@code :afterId}" in this order. */
    String after() {
        String op = direction == Sort.Direction.Ascending ? ">" : "<";
        return "(" + attribute + ", instanceId) " + op + " (:afterAt, :afterId)";
    }
}
