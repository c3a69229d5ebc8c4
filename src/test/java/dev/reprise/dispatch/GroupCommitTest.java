package dev.reprise.dispatch;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Group commit: what arrives while a commit is in flight goes together in the next one. */
class GroupCommitTest {

    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    private final AtomicReference<UniEmitter<? super List<String>>> inFlight = new AtomicReference<>();

    /** A commit that stays in flight until the test completes it. */
    private final GroupCommit<Integer, String> commit = new GroupCommit<>(3, batch -> {
        batches.add(batch);
        return Uni.createFrom().<List<String>>emitter(inFlight::set);
    });

    private void completeInFlight() {
        List<Integer> batch = batches.get(batches.size() - 1);
        inFlight.get().complete(batch.stream().map(i -> "done " + i).toList());
    }

    @Test
    void submit_whileIdle_commitsAtOnceAlone() {
        List<String> results = new ArrayList<>();
        commit.submit(1).subscribe().with(results::add);

        assertThat(batches).containsExactly(List.of(1));
        completeInFlight();
        assertThat(results).containsExactly("done 1");
    }

    @Test
    void submit_whileACommitIsInFlight_waitsAndGoesTogetherUpToTheLimit() {
        List<String> results = new CopyOnWriteArrayList<>();
        commit.submit(1).subscribe().with(results::add);
        for (int i = 2; i <= 6; i++) {
            commit.submit(i).subscribe().with(results::add);
        }
        assertThat(batches).containsExactly(List.of(1));

        completeInFlight();
        assertThat(batches).containsExactly(List.of(1), List.of(2, 3, 4));
        completeInFlight();
        assertThat(batches).containsExactly(List.of(1), List.of(2, 3, 4), List.of(5, 6));
        completeInFlight();

        assertThat(results).containsExactly("done 1", "done 2", "done 3", "done 4", "done 5", "done 6");
    }

    @Test
    void submit_batchFails_failsEverySubmissionOfThatBatchOnly() {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<String> results = new CopyOnWriteArrayList<>();
        commit.submit(1).subscribe().with(results::add, failures::add);
        commit.submit(2).subscribe().with(results::add, failures::add);
        commit.submit(3).subscribe().with(results::add, failures::add);

        completeInFlight(); // batch [1]
        inFlight.get().fail(new IllegalStateException("connection lost")); // batch [2, 3]

        assertThat(results).containsExactly("done 1");
        assertThat(failures).hasSize(2).allSatisfy(f -> assertThat(f).hasMessage("connection lost"));
    }

    @Test
    void submit_resubscribed_submitsAgain() {
        GroupCommit<Integer, String> flaky = new GroupCommit<>(10, batch -> {
            batches.add(batch);
            return batches.size() == 1 ? Uni.createFrom().failure(new IllegalStateException("first try fails"))
                    : Uni.createFrom().item(batch.stream().map(i -> "done " + i).toList());
        });

        String result = flaky.submit(7).onFailure().retry().atMost(1).await().atMost(Duration.ofSeconds(5));

        assertThat(result).isEqualTo("done 7");
        assertThat(batches).containsExactly(List.of(7), List.of(7));
        assertThatThrownBy(() -> new GroupCommit<Integer, String>(1, b -> {
            throw new IllegalStateException("cannot even start");
        }).submit(1).await().atMost(Duration.ofSeconds(5))).hasMessage("cannot even start");
    }
}
