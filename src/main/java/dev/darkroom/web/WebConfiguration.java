package dev.darkroom.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    HandlerMapping socketMapping(List<SocketEndpoint> endpoints, OpenSockets open) {
        Map<String, WebSocketHandler> routes = new LinkedHashMap<>();
        endpoints.forEach(endpoint -> routes.put(endpoint.path(), open.tracked(endpoint.handler())));
        return new SimpleUrlHandlerMapping(routes, Ordered.HIGHEST_PRECEDENCE);
    }
}
