package dev.darkroom.security;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import dev.darkroom.web.ApiDocumentation;

/**
 * The API description's account of keys: the three ways to present one, which routes need none
 * (the same test {@link AccessFilter} applies), and the answers a route that needs one can give.
 * Runs before {@link ApiDocumentation}'s common customizer, which orders the answers.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 10)
class SecurityDocumentation implements OpenApiCustomizer {

    static final String BEARER = "key";
    static final String BASIC = "keyAsUser";
    static final String SESSION = "session";

    @Override
    public void customise(io.swagger.v3.oas.models.OpenAPI api) {
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.setComponents(components);
        components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .bearerFormat("drk_ and 43 characters")
                .description("An API key: Authorization: Bearer <key>. Each key acts for one owner, with scopes "
                        + "read (GET), write (everything else) and admin (keys for new owners, /actuator)."));
        components.addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                .description("The same key as the user name, with an empty password, for tools that speak only "
                        + "Basic: curl -u \"$KEY:\" ..."));
        components.addSecuritySchemes(SESSION, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.COOKIE).name(AccessFilter.SESSION_COOKIE)
                .description("The web app's session, from POST /api/session. Requests that change something, and "
                        + "WebSocket handshakes, are refused when a page on another origin sends them."));
        api.setSecurity(List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement().addList(BASIC),
                new SecurityRequirement().addList(SESSION)));
        api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            if (!AccessFilter.needsKey(path)) {
                operation.setSecurity(List.of());
                return;
            }
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            responses.putIfAbsent("401", ApiDocumentation.problem("No key, or one that is unknown or revoked"));
            responses.putIfAbsent("403", ApiDocumentation.problem("The key lacks the scope this needs (needs says "
                    + "which), or a page on another origin sent a request that changes something"));
            responses.putIfAbsent("429", ApiDocumentation.problem("The key made too many requests; Retry-After says when "
                    + "to go on"));
            operation.setResponses(responses);
        }));
    }
}
