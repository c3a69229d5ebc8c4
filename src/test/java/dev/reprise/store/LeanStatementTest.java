package dev.reprise.store;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lean step statement is the full one less its optional parts, with the same parameters (no database). */
class LeanStatementTest {

    @Test
    void leanStepStatement_declaresEveryParameterOfTheFullOneWithTheSameType() {
        Map<Integer, String> full = LeanStatement.parameters(StepStatement.SQL);
        Map<Integer, String> lean = LeanStatement.parameters(StepStatement.LEAN_SQL);

        assertThat(lean.keySet()).isEqualTo(full.keySet());
        full.forEach((n, type) -> {
            if (type != null) {
                assertThat(lean.get(n)).as("type of $%d", n).isEqualTo(type);
            }
        });
    }

    @Test
    void leanStepStatement_keepsTheCommonStepsPartsOnly() {
        String lean = StepStatement.LEAN_SQL;

        assertThat(lean).contains("held AS (", "history AS (", "consumed AS (", "done AS (", "work AS (",
                "FALSE AS messaged_entities");
        assertThat(lean).doesNotContain("superseded", "cancelled_work", "children", "child_messages", "sent AS (",
                "entity_sent", "reprise_entity_inbox", "pg_notify($57, $73)");
        assertThat(lean.length()).isLessThan(StepStatement.SQL.length() / 2);
    }

    @Test
    void of_dropsNamedCtesAndDeclaresTheParametersOnlyTheyUsed() {
        String full = "WITH a AS (SELECT $1::text), b AS (INSERT INTO t SELECT x FROM unnest($2::int[]) x "
                + "WHERE $3 AND ')' = ')'), c AS (SELECT 1) SELECT (SELECT count(*) FROM b), $1";

        String lean = LeanStatement.of(full, Set.of("b"), List.of("(SELECT count(*) FROM b)", "0"),
                Map.of(3, "boolean"));

        assertThat(lean).isEqualTo("WITH declared AS (SELECT $2::int[] AS p2, $3::boolean AS p3), "
                + "a AS (SELECT $1::text), c AS (SELECT 1) SELECT 0, $1");
    }

    @Test
    void of_keptPartStillReferringToADroppedOne_isRefused() {
        String full = "WITH a AS (SELECT 1), b AS (SELECT * FROM a) SELECT * FROM b";

        assertThatThrownBy(() -> LeanStatement.of(full, Set.of("a"), List.of(), Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("dropped CTE a");
    }
}
