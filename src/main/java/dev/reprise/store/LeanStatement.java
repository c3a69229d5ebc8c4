package dev.reprise.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement of data-modifying CTEs cut down to the parts a batch needs, made once from the full text. The step
 * statement covers every kind of step in one text, with each optional part gated on a parameter-only condition, so
 * PostgreSQL skips it at run time; it still plans, initialises and binds every part on every execution, which costs
 * the common step (activity results in, activities out) about a quarter of its execution time. The lean text keeps
 * the full text's parameter numbers and types, so one binding serves both: the parameters only the dropped parts used
 * are declared in an unreferenced CTE ({@code declared}), which PostgreSQL types and never runs.
 */
final class LeanStatement {

    private static final Pattern CAST = Pattern.compile("\\$(\\d+)::([a-z]+(?:\\[])?)");
    private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)");

    private LeanStatement() {
    }

    /**
     * {@code full} without the top-level CTEs named in {@code dropped}, its final query changed by {@code edits}
     * (pairs of text to find and its replacement, each of which must occur), and the parameters that no longer occur
     * declared with their types: as cast in {@code full}, else from {@code untyped}.
     *
     * @throws IllegalStateException when a named CTE or an edit is not found, a kept part refers to a dropped CTE, or
     *                               a parameter's type is unknown: a programming error, found when the class loads
     */
    static String of(String full, Set<String> dropped, List<String> edits, Map<Integer, String> untyped) {
        List<String[]> ctes = new ArrayList<>();
        String query = split(full, ctes);
        StringBuilder lean = new StringBuilder("WITH ");
        int kept = 0;
        for (String[] cte : ctes) {
            if (!dropped.contains(cte[0])) {
                lean.append(kept++ == 0 ? "" : ", ").append(cte[0]).append(" AS ").append(cte[1]);
            }
        }
        if (ctes.stream().filter(c -> dropped.contains(c[0])).count() != dropped.size()) {
            throw new IllegalStateException("Not every CTE of " + dropped + " is in the statement");
        }
        for (int i = 0; i < edits.size(); i += 2) {
            if (!query.contains(edits.get(i))) {
                throw new IllegalStateException("The statement's final query has no '" + edits.get(i) + "'");
            }
            query = query.replace(edits.get(i), edits.get(i + 1));
        }
        String body = lean + " " + query;
        for (String name : dropped) {
            if (Pattern.compile("\\b" + name + "\\b").matcher(body).find()) {
                throw new IllegalStateException("A kept part still refers to the dropped CTE " + name);
            }
        }
        Map<Integer, String> declared = new TreeMap<>();
        Set<Integer> used = parameters(body).keySet();
        parameters(full).forEach((n, type) -> {
            if (!used.contains(n)) {
                String t = type != null ? type : untyped.get(n);
                if (t == null) {
                    throw new IllegalStateException("The type of $" + n + " is not known");
                }
                declared.put(n, t);
            }
        });
        if (declared.isEmpty()) {
            return body;
        }
        List<String> columns = new ArrayList<>();
        declared.forEach((n, t) -> columns.add("$" + n + "::" + t + " AS p" + n));
        return "WITH declared AS (SELECT " + String.join(", ", columns) + "), " + body.substring("WITH ".length());
    }

    /** Every parameter number of {@code sql}, with the type of its first cast, or {@code null} where never cast. */
    static Map<Integer, String> parameters(String sql) {
        Map<Integer, String> out = new TreeMap<>();
        Matcher p = PARAMETER.matcher(sql);
        while (p.find()) {
            out.putIfAbsent(Integer.parseInt(p.group(1)), null);
        }
        Matcher c = CAST.matcher(sql);
        while (c.find()) {
            out.merge(Integer.parseInt(c.group(1)), c.group(2), (first, later) -> first);
        }
        return out;
    }

    /**
     * Splits {@code WITH a AS (...), b AS (...) SELECT ...} into its CTEs ({name, "(...)"}, in order) and returns the
     * final query; parentheses inside quoted literals do not count.
     */
    private static String split(String sql, List<String[]> ctes) {
        String text = sql.strip();
        if (!text.regionMatches(true, 0, "WITH ", 0, 5)) {
            throw new IllegalStateException("The statement does not start with WITH");
        }
        int i = 5;
        while (true) {
            Matcher name = Pattern.compile("\\s*,?\\s*(\\w+)\\s+AS\\s+\\(").matcher(text).region(i, text.length());
            if (!name.lookingAt() || name.group(1).equalsIgnoreCase("SELECT")) {
                return text.substring(i).strip();
            }
            int open = name.end() - 1;
            int close = closing(text, open);
            ctes.add(new String[]{name.group(1), text.substring(open, close + 1)});
            i = close + 1;
        }
    }

    private static int closing(String text, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (!quoted && ch == '(') {
                depth++;
            } else if (!quoted && ch == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("Unbalanced parentheses from offset " + open);
    }
}
