package dev.reprise.dispatch;

import dev.reprise.api.AbstractTaskEntity;
import dev.reprise.api.RepriseException;
import dev.reprise.api.TaskEntity;
import dev.reprise.api.TaskEntityOperation;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checks a process makes of every {@code @Entity} bean when it starts, before any operation runs. */
class EntityRegistrationChecksTest {

    @RegisterForReflection
    public static class Tally extends AbstractTaskEntity<Integer> {
        public void add(int amount) {
            state += amount;
        }

        @Override
        protected Integer initializeState(TaskEntityOperation operation) {
            return 0;
        }
    }

    public static class Unregistered extends Tally {
    }

    @RegisterForReflection
    public static class Overloaded extends Tally {
        public void add(String amount) {
            state += Integer.parseInt(amount);
        }
    }

    @RegisterForReflection
    public static class TwoInputs extends Tally {
        public void move(int from, int to) {
            state += to - from;
        }
    }

    @RegisterForReflection
    public static class CaseTwins extends Tally {
        public void reset() {
            state = 0;
        }

        public void Reset() {
            state = 0;
        }
    }

    /** Implements the interface itself: keeps no state in a field, so any scope will do. */
    public static class Dispatching implements TaskEntity {
        @Override
        public Object run(TaskEntityOperation operation) {
            return null;
        }
    }

    @Test
    void checkEntity_dependentRegisteredAbstractTaskEntity_passes() {
        assertThatCode(() -> FunctionRegistry.checkEntity("Tally", Tally.class, Dependent.class))
                .doesNotThrowAnyException();
    }

    @Test
    void checkEntity_plainTaskEntityOfAnyScope_passes() {
        assertThatCode(() -> FunctionRegistry.checkEntity("Router", Dispatching.class, ApplicationScoped.class))
                .doesNotThrowAnyException();
    }

    @Test
    void checkEntity_nameWithReservedCharacter_failsNamingTheBeanAndTheFix() {
        assertThatThrownBy(() -> FunctionRegistry.checkEntity("Tally@1", Tally.class, Dependent.class))
                .isInstanceOf(RepriseException.class)
                .hasMessageContaining(Tally.class.getName())
                .hasMessageContaining("'@'")
                .hasMessageContaining("Rename it in @Entity");
    }

    @Test
    void checkEntity_abstractTaskEntityApplicationScoped_failsAskingForDependent() {
        assertThatThrownBy(() -> FunctionRegistry.checkEntity("Tally", Tally.class, ApplicationScoped.class))
                .isInstanceOf(RepriseException.class)
                .hasMessageContaining("Entity 'Tally'")
                .hasMessageContaining("is @ApplicationScoped")
                .hasMessageContaining("declare it @Dependent");
    }

    @Test
    void checkEntity_abstractTaskEntityWithoutReflectionRegistration_failsNamingTheAnnotation() {
        assertThatThrownBy(() -> FunctionRegistry.checkEntity("Tally", Unregistered.class, Dependent.class))
                .isInstanceOf(RepriseException.class)
                .hasMessageContaining(Unregistered.class.getName())
                .hasMessageContaining("@io.quarkus.runtime.annotations.RegisterForReflection");
    }

    @Test
    void checkEntity_overloadedOperation_failsNamingTheMethod() {
        assertThatThrownBy(() -> FunctionRegistry.checkEntity("Tally", Overloaded.class, Dependent.class))
                .isInstanceOf(RepriseException.class)
                .hasMessageStartingWith("Entity 'Tally': ")
                .hasMessageContaining("overloads add");
    }

    @Test
    void checkEntity_operationWithTwoParameters_failsSayingToTakeOneInput() {
        assertThatThrownBy(() -> FunctionRegistry.checkEntity("Tally", TwoInputs.class, Dependent.class))
                .isInstanceOf(RepriseException.class)
                .hasMessageContaining("operation method move takes 2 parameters")
                .hasMessageContaining("a record for several values");
    }

    @Test
    void checkEntity_operationsDifferingOnlyInCase_failsNamingBoth() {
        assertThatThrownBy(() -> FunctionRegistry.checkEntity("Tally", CaseTwins.class, Dependent.class))
                .isInstanceOf(RepriseException.class)
                .hasMessageContaining("which are one operation (names match ignoring case)");
    }
}
