package dev.darkroom.web;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP server's handling of connections: the request timeouts and the keep-alive workaround. */
@Configuration(proxyBeanMethods = false)
class HttpServerConfiguration {

    @Bean
    NettyServerCustomizer connectionHandling(HttpProperties properties, JsonMapper json) {
        RequestTimeouts.Settings timeouts = new RequestTimeouts.Settings(properties.headerTimeout(), properties.bodyReadTimeout(),
                problem(json, "The request line and headers did not all arrive within " + readable(properties.headerTimeout())
                        + " of their first byte; send a request's head at once"),
                problem(json, "The request body stopped arriving for " + readable(properties.bodyReadTimeout())
                        + "; the connection is closed, send the request again"));
        return server -> server
                .childObserve(new KeepAliveReads())
                .doOnChannelInit((observer, channel, remoteAddress) -> RequestTimeouts.install(channel.pipeline(), timeouts));
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** A problem document like every other error's; no instance, as the request may not even have a path yet. */
    private static byte[] problem(JsonMapper json, String detail) {
        Map<String, Object> problem = ProblemHandler.problem(ProblemType.REQUEST_TIMEOUT, detail, null, Map.of());
        problem.remove("instance");
        return json.writeValueAsBytes(problem);
    }
}
