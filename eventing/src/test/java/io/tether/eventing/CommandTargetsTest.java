package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

class CommandTargetsTest {

    private final CommandTargets targets = new CommandTargets();
    private final AnnotationCommandTargetResolver axons = AnnotationCommandTargetResolver.builder().build();

    record RenameCommand(@TargetAggregateIdentifier UUID accountId, String name) {
    }

    record VersionedCommand(@TargetAggregateIdentifier String id, @TargetAggregateVersion String version) {
    }

    static class FieldCommand {
        @TargetAggregateIdentifier
        private final UUID id = UUID.fromString("00000000-0000-0000-0000-000000000007");
        @TargetAggregateVersion
        private final int version = 3;
    }

    static class MethodCommand {
        @TargetAggregateIdentifier
        String target() {
            return "from the method";
        }
    }

    record UntargetedCommand(UUID accountId) {
    }

    @Test
    void aRecordsAnnotatedComponent_isItsTarget_asAxonFindsIt() {
        CommandMessage<?> command = message(new RenameCommand(UUID.randomUUID(), "EU Ads"));

        assertThat(targets.resolveTarget(command)).isEqualTo(axons.resolveTarget(command));
        assertThat(targets.resolveTarget(command).getVersion()).isNull();
    }

    @Test
    void theSameClassAgain_givesEachCommandItsOwnTarget() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        assertThat(targets.resolveTarget(message(new RenameCommand(first, "a"))).getIdentifierValue()).isEqualTo(first);
        assertThat(targets.resolveTarget(message(new RenameCommand(second, "b"))).getIdentifierValue()).isEqualTo(second);
    }

    @Test
    void versions_areReadAsNumbers_fromNumbersAndText() {
        CommandMessage<?> fromText = message(new VersionedCommand("account-1", "12"));
        CommandMessage<?> fromField = message(new FieldCommand());

        assertThat(targets.resolveTarget(fromText)).isEqualTo(axons.resolveTarget(fromText))
                .isEqualTo(new VersionedAggregateIdentifier("account-1", 12L));
        assertThat(targets.resolveTarget(fromField)).isEqualTo(axons.resolveTarget(fromField));
        assertThat(targets.resolveTarget(fromField).getVersion()).isEqualTo(3L);
    }

    @Test
    void anAnnotatedMethod_isFound() {
        CommandMessage<?> command = message(new MethodCommand());

        assertThat(targets.resolveTarget(command).getIdentifier()).isEqualTo("from the method");
    }

    @Test
    void aVersionThatIsNoNumber_isRejected_asAxonRejectsIt() {
        CommandMessage<?> command = message(new VersionedCommand("account-1", "twelve"));

        assertThatThrownBy(() -> targets.resolveTarget(command)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The value provided for the version is not a number.");
        assertThatThrownBy(() -> axons.resolveTarget(command)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The value provided for the version is not a number.");
    }

    @Test
    void aCommandWithoutTarget_orWithANullOne_isRejected_asAxonRejectsIt() {
        for (Object payload : new Object[]{new UntargetedCommand(UUID.randomUUID()), new RenameCommand(null, "x")}) {
            CommandMessage<?> command = message(payload);
            String axonsMessage = catchMessage(() -> axons.resolveTarget(command));

            assertThatThrownBy(() -> targets.resolveTarget(command)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(axonsMessage);
        }
    }

    private static String catchMessage(Runnable resolve) {
        try {
            resolve.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("Axon's resolver accepted the command");
    }

    private static CommandMessage<?> message(Object payload) {
        return GenericCommandMessage.asCommandMessage(payload);
    }
}
