package io.tether.command.tool;

import static io.tether.api.problem.ProblemCode.REPEATED_REQUIREMENT;
import static io.tether.api.problem.ProblemCode.UNKNOWN_INTEGRATION;
import static io.tether.command.ProblemMatchers.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.predicate;

import io.tether.api.problem.FieldProblem;
import io.tether.api.problem.ProblemException;
import io.tether.api.tool.DefineToolCommand;
import io.tether.api.tool.ToolDefinedEvent;
import io.tether.api.tool.ToolRedefinedEvent;
import io.tether.api.tool.ToolSlugs;
import io.tether.api.tool.ToolView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ToolTest {

    private static final String SLUG = "ppc-optimizer";
    private static final UUID TOOL_ID = ToolSlugs.toolIdOf(SLUG);
    private static final Instant DEFINED_AT = Instant.parse("2025-03-01T09:00:00Z");
    private static final Instant NOW = Instant.parse("2025-03-05T16:45:00Z");

    private AggregateTestFixture<Tool> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Tool.class);
    }

    @Test
    void define_forTheFirstTime_recordsTheToolAndItsRequirements() {
        fixture.givenCurrentTime(NOW)
                .when(DefineToolCommand.of(SLUG, "PPC Optimizer", List.of("ads-api", "slack")))
                .expectEvents(new ToolDefinedEvent(TOOL_ID, SLUG, "PPC Optimizer", List.of("ads-api", "slack")))
                .expectResultMessagePayload(new ToolView(SLUG, "PPC Optimizer", List.of("ads-api", "slack"), NOW, NOW));
    }

    @Test
    void define_withoutRequirements_isAllowed() {
        fixture.givenNoPriorActivity()
                .when(DefineToolCommand.of(SLUG, "PPC Optimizer", List.of()))
                .expectEvents(new ToolDefinedEvent(TOOL_ID, SLUG, "PPC Optimizer", List.of()));
    }

    @Test
    void define_again_withOtherRequirements_recordsTheChange() {
        fixture.givenCurrentTime(DEFINED_AT)
                .andGiven(new ToolDefinedEvent(TOOL_ID, SLUG, "PPC Optimizer", List.of("ads-api")))
                .andGivenCurrentTime(NOW)
                .when(DefineToolCommand.of(SLUG, "PPC Optimizer", List.of("ads-api", "sp-api-sc", "jira")))
                .expectEvents(new ToolRedefinedEvent(TOOL_ID, SLUG, "PPC Optimizer",
                        List.of("ads-api", "sp-api-sc", "jira")))
                .expectResultMessagePayload(new ToolView(SLUG, "PPC Optimizer", List.of("ads-api", "sp-api-sc", "jira"),
                        DEFINED_AT, NOW));
    }

    @Test
    void define_again_withAnotherDisplayName_recordsTheChange() {
        fixture.given(new ToolDefinedEvent(TOOL_ID, SLUG, "PPC Optimizer", List.of("ads-api")))
                .when(DefineToolCommand.of(SLUG, "PPC Optimiser", List.of("ads-api")))
                .expectEvents(new ToolRedefinedEvent(TOOL_ID, SLUG, "PPC Optimiser", List.of("ads-api")));
    }

    @Test
    void define_again_asItIs_changesNothing() {
        fixture.givenCurrentTime(DEFINED_AT)
                .andGiven(new ToolDefinedEvent(TOOL_ID, SLUG, "PPC Optimizer", List.of("ads-api")))
                .when(DefineToolCommand.of(SLUG, "PPC Optimizer", List.of("ads-api")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new ToolView(SLUG, "PPC Optimizer", List.of("ads-api"), DEFINED_AT,
                        DEFINED_AT));
    }

    @Test
    void define_withSlugsTheCatalogDoesNotKnow_isRejected_namingEachOne() {
        fixture.givenNoPriorActivity()
                .when(DefineToolCommand.of(SLUG, "PPC Optimizer", List.of("ads-api", "amazon-ads", "teams")))
                .expectNoEvents()
                .expectException(problem(UNKNOWN_INTEGRATION))
                .expectException(predicate((ProblemException e) -> {
                    assertThat(e.errors()).extracting(FieldProblem::field)
                            .containsExactly("required_integrations[1]", "required_integrations[2]");
                    assertThat(e.getMessage()).contains("ads-api", "sp-api-sc", "walmart-mp-api", "slack", "linear");
                    return true;
                }));
    }

    @Test
    void redefine_withAnUnknownSlug_isRejected_andTheDefinitionStays() {
        fixture.given(new ToolDefinedEvent(TOOL_ID, SLUG, "PPC Optimizer", List.of("ads-api")))
                .when(DefineToolCommand.of(SLUG, "PPC Optimizer", List.of("ads-api", "teams")))
                .expectNoEvents()
                .expectException(problem(UNKNOWN_INTEGRATION));
    }

    @Test
    void define_withASlugRequiredTwice_isRejected() {
        fixture.givenNoPriorActivity()
                .when(DefineToolCommand.of(SLUG, "PPC Optimizer", List.of("slack", "ads-api", "slack")))
                .expectNoEvents()
                .expectException(problem(REPEATED_REQUIREMENT))
                .expectException(predicate((ProblemException e) ->
                        e.errors().get(0).field().equals("required_integrations[2]")));
    }

    @Test
    void define_underTheIdOfAnotherSlug_isRejected() {
        fixture.givenNoPriorActivity()
                .when(new DefineToolCommand(ToolSlugs.toolIdOf("listing-doctor"), SLUG, "PPC Optimizer", List.of()))
                .expectNoEvents()
                .expectException(IllegalArgumentException.class);
    }
}
