package io.tether.command.catalog;

import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.tether.api.catalog.IntegrationCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

class CatalogProblemAdviceTest {

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new ConnectsAds(new CredentialShapes()))
            .setControllerAdvice(new CatalogProblemAdvice())
            .build();

    @Test
    void credentialsOfTheWrongShape_areABadRequest_namingEachField() throws Exception {
        mvc.perform(post("/connect").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"refresh_token\":\"Atza|not-a-refresh-token\",\"region\":\"EU\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("validation_failed"))
                .andExpect(jsonPath("$.detail").value("The credentials do not have the shape ads-api needs."))
                .andExpect(jsonPath("$.errors[0].field").value("credentials.refresh_token"))
                .andExpect(jsonPath("$.errors[0].message").value(startsWith("has the wrong format")))
                .andExpect(jsonPath("$.errors[1].field").value("credentials.region"))
                .andExpect(jsonPath("$.errors[1].message").value(
                        "is not a field of ads-api credentials; it takes refresh_token, profile_id"));
    }

    @RestController
    static class ConnectsAds {

        private final CredentialShapes shapes;

        ConnectsAds(CredentialShapes shapes) {
            this.shapes = shapes;
        }

        @PostMapping("/connect")
        void connect(@RequestBody Map<String, String> credentials) {
            shapes.requireValidCredentials(IntegrationCatalog.find("ads-api").orElseThrow(), credentials);
        }
    }
}
