package dev.darkroom.system;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import dev.darkroom.web.ProblemType;
import reactor.core.publisher.Mono;

/**
 * A worker-only instance keeps its HTTP port for health checks and metrics, and tells anything
 * else that reaches it to go to an API instance.
 */
@Component
class RoleFilter implements WebFilter {

    private final InstanceProperties instance;

    RoleFilter(InstanceProperties instance) {
        this.instance = instance;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (instance.role().servesApi() || exchange.getRequest().getPath().value().startsWith("/actuator")) {
            return chain.filter(exchange);
        }
        return Mono.error(ProblemType.WRONG_ROLE.because(
                "This instance runs as a worker (darkroom.role=worker); send requests to an API instance"));
    }
}
