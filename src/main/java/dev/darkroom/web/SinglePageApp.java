package dev.darkroom.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

/**
 * The web app's pages are client-side routes: each returns index.html, which is never cached so
 * a deploy is picked up at once. The hashed files under /assets never change, so they are cached
 * for a year.
 */
@Configuration(proxyBeanMethods = false)
class SinglePageApp {

    @Bean
    RouterFunction<ServerResponse> pages(@Value("classpath:/static/index.html") Resource index) {
        return RouterFunctions.route(GET("/").or(GET("/images")).or(GET("/images/{id}")).or(GET("/gallery")).or(GET("/jobs"))
                        .or(GET("/webhooks")),
                request -> index.exists()
                        ? ServerResponse.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache()).bodyValue(index)
                        : ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue(
                                "Darkroom is running; the web app was not built into this jar (built with -Dskip.web). "
                                        + "The API is under /api; see /v3/api-docs."));
    }

    @Bean
    WebFilter immutableAssets() {
        return (exchange, chain) -> {
            if (exchange.getRequest().getPath().value().startsWith("/assets/")) {
                exchange.getResponse().getHeaders().setCacheControl(
                        CacheControl.maxAge(java.time.Duration.ofDays(365)).cachePublic().immutable());
            }
            return chain.filter(exchange);
        };
    }
}
