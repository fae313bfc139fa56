package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The request and response examples of the committed docs/openapi.json (written once, in the infrastructure's
 * {@code openapi/examples.json}) each match the schema of the body they stand for, by the validator that checks
 * every end-to-end exchange: an example cannot drift from the contract.
 */
class OpenApiExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyExampleInTheDocument_matchesTheSchemaOfItsBody() {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Operation> operation : operations().entrySet()) {
            Operation it = operation.getValue();
            if (it.getRequestBody() != null) {
                checked += check(operation.getKey() + " request", it.getRequestBody().getContent(), mismatches);
            }
            for (Map.Entry<String, ApiResponse> response : it.getResponses().entrySet()) {
                checked += check(operation.getKey() + " " + response.getKey(), response.getValue().getContent(), mismatches);
            }
        }
        assertThat(checked).as("examples checked").isGreaterThanOrEqualTo(examplesOfTheFile());
        assertThat(mismatches).isEmpty();
        var account = OpenApiContract.committed().api().getComponents().getSchemas().get("AccountView");
        assertThat(OpenApiContract.checkAgainst(account, "{\"accountName\":\"EU Ads\"}").hasErrors())
                .as("the validator refuses a body that is not the schema's").isTrue();
    }

    @Test
    void everyExampleOfTheFile_isInTheDocument_whereItsOperationSendsOrAnswersABody() throws IOException {
        Map<String, Operation> operations = new HashMap<>();
        operations().values().forEach(operation -> operations.put(operation.getOperationId(), operation));
        List<String> missing = new ArrayList<>();
        examples().forEach((operationId, bodies) -> bodies.forEach((key, body) -> {
            Operation operation = operations.get(operationId);
            Content content = operation == null ? null : key.equals("request")
                    ? operation.getRequestBody() == null ? null : operation.getRequestBody().getContent()
                    : operation.getResponses().get(key) == null ? null : operation.getResponses().get(key).getContent();
            if (content == null || content.isEmpty()
                    || content.values().stream().anyMatch(media -> !JSON.valueToTree(media.getExample()).equals(JSON.valueToTree(body)))) {
                missing.add(operationId + " " + key);
            }
        }));
        assertThat(missing).as("examples of openapi/examples.json that the document does not show").isEmpty();
        assertThat(examples().keySet()).as("the README's walkthrough and the global integrations").contains(
                "createAccount", "listAccounts", "getAccount", "connectAccount", "disconnectAccount", "deleteAccount",
                "createGlobalIntegration", "listGlobalIntegrations", "updateGlobalIntegration", "listCatalog");
    }

    private static int check(String where, Content content, List<String> mismatches) {
        if (content == null) {
            return 0;
        }
        int checked = 0;
        for (Map.Entry<String, MediaType> media : content.entrySet()) {
            if (media.getValue().getExample() == null) {
                continue;
            }
            ValidationReport report = OpenApiContract.checkAgainst(media.getValue().getSchema(), json(media.getValue().getExample()));
            if (report.hasErrors()) {
                mismatches.add(where + " " + media.getKey() + ": " + SimpleValidationReportFormat.getInstance().apply(report));
            }
            checked++;
        }
        return checked;
    }

    private static Map<String, Operation> operations() {
        Map<String, Operation> operations = new HashMap<>();
        OpenApiContract.committed().api().getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> operations.put(method + " " + path, operation)));
        return operations;
    }

    private static int examplesOfTheFile() {
        try {
            return examples().values().stream().mapToInt(Map::size).sum();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Map<String, Object>> examples() throws IOException {
        try (InputStream in = OpenApiExamplesTest.class.getClassLoader().getResourceAsStream("openapi/examples.json")) {
            assertThat(in).as("openapi/examples.json on the class path").isNotNull();
            return JSON.readValue(in, new TypeReference<>() {
            });
        }
    }

    private static String json(Object example) {
        try {
            return JSON.writeValueAsString(example);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
