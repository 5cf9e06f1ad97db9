package dev.darkroom.web;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The HTTP server's handling of connections. */
@Configuration(proxyBeanMethods = false)
class HttpServerConfiguration {

    @Bean
    NettyServerCustomizer connectionHandling() {
        return server -> server.childObserve(new KeepAliveReads());
    }
}
