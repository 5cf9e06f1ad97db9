package dev.darkroom.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import dev.darkroom.operation.filter.FilterOperation;
import dev.darkroom.support.IntegrationTest;

/** The hand-written API description must say what the controllers do. */
@IntegrationTest
class BatchOpenApiTest {

    @Autowired
    WebTestClient client;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void theServedDescriptionNamesExactlyTheBatchRoutesAndFilters() {
        String yaml = client.get().uri("/openapi/batches.yaml").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        Set<String> described = new TreeSet<>();
        Matcher path = Pattern.compile("(?m)^  (/api/batches\\S*):$").matcher(yaml);
        while (path.find()) {
            described.add(path.group(1));
        }
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (method.getBeanType() == BatchController.class) {
                info.getPatternsCondition().getPatterns().forEach(p -> served.add(p.getPatternString()));
            }
        });
        assertThat(described).isEqualTo(served).isNotEmpty();
        String filters = yaml.substring(yaml.indexOf("enum: [BLUR"), yaml.indexOf("]", yaml.indexOf("enum: [BLUR")));
        assertThat(filters.substring("enum: [".length()).split(",\\s*")).containsExactlyElementsOf(FilterOperation.names());
    }
}
