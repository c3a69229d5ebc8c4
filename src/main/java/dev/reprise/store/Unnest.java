package dev.reprise.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Rows gathered column by column for one {@code unnest($a::t[], $b::u[], ...)} of a statement: the reactive client
 * sends each column as one typed array, so a batch of any size is one round trip.
 */
final class Unnest {

    private final List<List<Object>> columns;

    Unnest(int width) {
        columns = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            columns.add(new ArrayList<>());
        }
    }

    /** Adds one row; {@code values} in column order, one per column. */
    void add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("a row of " + columns.size() + " columns, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            columns.get(i).add(values[i]);
        }
    }

    int size() {
        return columns.get(0).size();
    }

    /** Column {@code index} as an array of its SQL type's Java class ({@code String[]::new}, ...). */
    <T> T[] column(int index, IntFunction<T[]> type) {
        return columns.get(index).toArray(type);
    }
}
