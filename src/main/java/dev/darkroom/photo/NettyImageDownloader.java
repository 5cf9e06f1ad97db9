package dev.darkroom.photo;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import dev.darkroom.web.ApiException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Downloads over Reactor Netty with the guarded resolver, no proxy (a proxy would resolve names
 * where we cannot check them), redirects followed by hand so each hop's scheme is checked and
 * counted, and timeouts on connecting, on silence and on the whole download. The size cap is the
 * upload limit, enforced by the consumer as the bytes arrive.
 */
@Component
class NettyImageDownloader implements ImageDownloader {

    private final WebClient client;
    private final ImportProperties properties;

    NettyImageDownloader(ImportProperties properties) {
        this.properties = properties;
        HttpClient http = HttpClient.create()
                .resolver(new GuardedResolverGroup(new DnsAddressResolverGroup(
                        new DnsNameResolverBuilder().datagramChannelType(NioDatagramChannel.class)), properties))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
                .responseTimeout(properties.readTimeout())
                .followRedirect(false)
                .doOnConnected(connection -> connection.addHandlerLast(
                        new ReadTimeoutHandler(properties.readTimeout().toMillis(), TimeUnit.MILLISECONDS)));
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .defaultHeader(HttpHeaders.USER_AGENT, "Darkroom/0.1 (photo import)")
                .build();
    }

    /** Null if the URL may be requested at all; otherwise why not. Checked again on every hop. */
    static String urlRefusal(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "only http and https URLs can be downloaded, not '" + (scheme.isEmpty() ? url : scheme + ":") + "'";
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            return "the URL has no host";
        }
        if (url.getUserInfo() != null) {
            return "URLs with credentials (user:password@) are not accepted";
        }
        return null;
    }

    @Override
    public <T> Mono<T> download(URI url, BiFunction<String, Flux<DataBuffer>, Mono<T>> consumer) {
        return fetch(url, 0, consumer)
                .timeout(properties.totalTimeout(), Mono.error(() -> new DownloadException(
                        "the download took longer than " + properties.totalTimeout().toSeconds() + " s")))
                .onErrorMap(e -> !(e instanceof DownloadException) && !(e instanceof ApiException), e -> describe(url, e));
    }

    private <T> Mono<T> fetch(URI url, int redirects, BiFunction<String, Flux<DataBuffer>, Mono<T>> consumer) {
        String refusal = urlRefusal(url);
        if (refusal != null) {
            return Mono.error(new DownloadException(redirects == 0 ? refusal : "redirected to " + url + ": " + refusal));
        }
        return client.get().uri(url).accept(MediaType.parseMediaType("image/*"), MediaType.ALL)
                .exchangeToMono(response -> {
                    if (response.statusCode().is3xxRedirection()) {
                        URI location = response.headers().asHttpHeaders().getLocation();
                        if (location == null) {
                            return response.releaseBody().then(Mono.error(new DownloadException(
                                    "the server answered " + response.statusCode().value() + " without a Location")));
                        }
                        if (redirects >= properties.maxRedirects()) {
                            return response.releaseBody().then(Mono.error(new DownloadException(
                                    "more than " + properties.maxRedirects() + " redirects")));
                        }
                        return response.releaseBody().then(fetch(url.resolve(location), redirects + 1, consumer));
                    }
                    if (!response.statusCode().is2xxSuccessful()) {
                        return response.releaseBody().then(Mono.error(new DownloadException(
                                "the server answered HTTP " + response.statusCode().value() + " for " + url)));
                    }
                    return consumer.apply(fileName(url), response.bodyToFlux(DataBuffer.class));
                });
    }

    static String fileName(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isBlank() ? url.getHost() : last;
    }

    /**
     * What went wrong, in words that never quote what the server sent (a TLS error carries the
     * reply's bytes) and that do not tell a closed port from an open one that is not a web server:
     * refused, timed out, reset and unintelligible all read the same.
     */
    static Throwable describe(URI url, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            switch (t) {
                case DownloadException refused -> {
                    return refused;
                }
                case ReadTimeoutException timeout -> {
                    return new DownloadException("the server stopped sending data");
                }
                // Netty's NotSslRecordException is one, and its message is the reply in hex.
                case javax.net.ssl.SSLException tls -> {
                    return new DownloadException("TLS handshake failed with " + authority(url));
                }
                default -> { }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return new DownloadException("no HTTP response could be had from " + authority(url));
    }

    private static String authority(URI url) {
        int port = url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return url.getHost() + ":" + port;
    }
}
