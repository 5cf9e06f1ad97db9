package dev.darkroom.webhook;

import java.net.ConnectException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import dev.darkroom.photo.GuardedResolverGroup;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * POSTs over Reactor Netty through the photo downloads' guarded resolver, so a receiver's name is
 * checked against the address policy at every connection, whatever it resolved to at registration.
 * No proxy (it would resolve names where they cannot be checked) and no redirects (a receiver
 * that moved says so with its new URL, not by sending events elsewhere).
 */
@Component
class NettyWebhookSender implements WebhookSender {

    private final WebClient client;
    private final WebhookProperties properties;

    NettyWebhookSender(WebhookProperties properties) {
        this.properties = properties;
        HttpClient http = HttpClient.create(ConnectionProvider.builder("webhooks").maxConnections(properties.concurrency() * 2)
                        .build())
                .resolver(new GuardedResolverGroup(new DnsAddressResolverGroup(
                        new DnsNameResolverBuilder().datagramChannelType(NioDatagramChannel.class)), properties::allows,
                        Refused::new, why -> new Refused(why + "; Darkroom sends events only to public addresses")))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
                .responseTimeout(properties.timeout())
                .followRedirect(false);
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .defaultHeader(HttpHeaders.USER_AGENT, "Darkroom-Webhooks/0.1")
                .build();
    }

    /** An address the policy refuses, or a name that does not resolve. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    @Override
    public Mono<Result> post(URI url, Map<String, String> headers, String body) {
        return client.post().uri(url)
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> headers.forEach(h::set))
                .bodyValue(body)
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                .timeout(properties.timeout().plus(properties.connectTimeout()))
                .map(NettyWebhookSender::judge)
                .onErrorResume(e -> Mono.just(failure(e)));
    }

    private static Result judge(int code) {
        if (code >= 200 && code < 300) {
            return new Result(code, null, false);
        }
        boolean retry = code >= 500 || code == 408 || code == 429;
        return new Result(code, "the receiver answered HTTP " + code
                + (retry ? "" : code >= 300 && code < 400 ? " (redirects are not followed: register the new URL)"
                : " (a refusal: not retried; resend it by hand once the receiver accepts it)"), retry);
    }

    private static Result failure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            switch (t) {
                case Refused refused -> {
                    // The name may resolve publicly later, but a private answer now is no outage to wait out.
                    return new Result(null, refused.getMessage(), refused.getMessage().contains("could not be resolved"));
                }
                case ConnectTimeoutException timeout -> {
                    return new Result(null, "could not connect: " + timeout.getMessage(), true);
                }
                case ReadTimeoutException timeout -> {
                    return new Result(null, "the receiver did not answer in time", true);
                }
                case TimeoutException timeout -> {
                    return new Result(null, "the receiver did not answer in time", true);
                }
                case ConnectException refused -> {
                    return new Result(null, "the connection was refused: " + refused.getMessage(), true);
                }
                default -> { }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return new Result(null, "the request failed: " + error.getMessage(), true);
    }
}
