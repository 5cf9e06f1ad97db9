package dev.darkroom.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Every request, before it reaches a route: refused if a page on another site sent it to change
 * something or to open a WebSocket; then, on the routes that hold an owner's things, who the caller
 * is (a key in Authorization, or the web app's session cookie), whether its key's scopes allow the
 * request, and whether it is within its rate. The caller goes into the Reactor context, where
 * handlers read it with {@link Caller#current()}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AccessFilter implements WebFilter {

    static final String SESSION_COOKIE = "darkroom_session";

    /** Routes of an owner's things; everything else (the app's pages, docs, problem pages) is public. */
    private static final List<String> OWNED = List.of("/api/", "/ws/", "/photos", "/ascii", "/upload", "/image/",
            "/list", "/status", "/actuator");
    /** Public even under those prefixes. */
    private static final Set<String> OPEN = Set.of("/api/session", "/api/operations", "/actuator/health/liveness",
            "/actuator/health/readiness");

    private final ApiKeys keys;
    private final KeyCache cache;
    private final SecurityProperties properties;
    private final ConcurrentHashMap<java.util.UUID, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final RateLimiterConfig rate;

    AccessFilter(ApiKeys keys, KeyCache cache, SecurityProperties properties) {
        this.keys = keys;
        this.cache = cache;
        this.properties = properties;
        this.rate = RateLimiterConfig.custom()
                .limitForPeriod(properties.rateLimit())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (crossSite(request)) {
            return Mono.error(SecurityProblems.CROSS_SITE.because("This request came from a page on "
                    + describeOrigin(request) + ", which may not " + (isHandshake(request) ? "open a WebSocket here"
                    : request.getMethod() + " here") + ". Use Darkroom's own pages, or list that origin in "
                    + "darkroom.security.allowed-origins"));
        }
        String path = request.getPath().value();
        boolean owned = needsKey(path) && !(properties.openMetrics() && path.equals("/actuator/prometheus"));
        return caller(exchange)
                .map(caller -> {
                    if (owned) {
                        authorize(caller, exchange, path);
                    }
                    return caller;
                })
                .map(caller -> chain.filter(exchange).contextWrite(context -> context.put(Caller.class, caller)))
                .switchIfEmpty(Mono.fromSupplier(() -> {
                    if (owned) {
                        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"darkroom\"");
                        throw SecurityProblems.UNAUTHORIZED.because("Send an API key: Authorization: Bearer <key>, or "
                                + "curl -u KEY: … ; in the web app, sign in");
                    }
                    return chain.filter(exchange);
                }))
                .flatMap(next -> next);
    }

    /** Whether a request for this path must say who it is from (the API description says the same). */
    static boolean needsKey(String path) {
        return OWNED.stream().anyMatch(path::startsWith) && !OPEN.contains(path);
    }

    /** Empty when the request carries no credentials; an error when it carries wrong ones. */
    private Mono<Caller> caller(ServerWebExchange exchange) {
        if (properties.anonymous()) {
            return Mono.just(Caller.ANONYMOUS);
        }
        ServerHttpRequest request = exchange.getRequest();
        String key = presentedKey(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (key != null) {
            return cache.lookup(key, keys::bySecret, found -> keys.touch(found.id()).onErrorComplete())
                    .switchIfEmpty(Mono.error(() -> {
                        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                                "Bearer realm=\"darkroom\", error=\"invalid_token\"");
                        return SecurityProblems.UNAUTHORIZED.because("This API key is not known, or has been revoked");
                    }))
                    .map(AccessFilter::caller);
        }
        HttpCookie cookie = request.getCookies().getFirst(SESSION_COOKIE);
        if (cookie != null && !cookie.getValue().isBlank()) {
            // An expired or signed-out session is no credential at all: the app then shows its sign-in page.
            return cache.lookup(SESSION_COOKIE + ":" + cookie.getValue(), token -> keys.bySession(cookie.getValue()),
                    found -> Mono.empty()).map(AccessFilter::caller);
        }
        return Mono.empty();
    }

    private static Caller caller(ApiKeys.Key key) {
        return new Caller(key.owner(), key.id(), key.scopes());
    }

    /** {@code Bearer <key>}, or HTTP Basic with the key as the user name (curl -u KEY:). */
    static String presentedKey(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? pair : pair.substring(0, colon);
            } catch (IllegalArgumentException e) {
                return "";
            }
        }
        return "";
    }

    private void authorize(Caller caller, ServerWebExchange exchange, String path) {
        ServerHttpRequest request = exchange.getRequest();
        Scope needed = path.startsWith("/actuator") ? Scope.admin
                : isRead(request.getMethod()) ? Scope.read : Scope.write;
        if (!caller.may(needed)) {
            throw SecurityProblems.FORBIDDEN.because("This key may " + caller.scopes().stream().map(Scope::name).sorted()
                    .toList() + "; " + request.getMethod() + " " + path + " needs " + needed).with("needs", needed.name());
        }
        if (caller.keyId() != null) {
            RateLimiter limiter = limiters.computeIfAbsent(caller.keyId(), id -> RateLimiter.of(id.toString(), rate));
            if (!limiter.acquirePermission()) {
                exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
                throw SecurityProblems.RATE_LIMITED.because("This key may make " + properties.rateLimit()
                        + " requests a second; slow down").with("retryAfterSeconds", 1);
            }
        }
    }

    private static boolean isRead(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
    }

    private static boolean isHandshake(ServerHttpRequest request) {
        return "websocket".equalsIgnoreCase(request.getHeaders().getUpgrade());
    }

    /**
     * A browser says where a request comes from: {@code Sec-Fetch-Site}, and {@code Origin} on
     * anything but a plain navigation. Requests that change something, and WebSocket handshakes,
     * are refused when they come from another site. Scripted clients send neither header and pass.
     */
    private boolean crossSite(ServerHttpRequest request) {
        if (isRead(request.getMethod()) && !isHandshake(request)) {
            return false;
        }
        String origin = request.getHeaders().getOrigin();
        if (origin != null && allowed(origin, request)) {
            return false;
        }
        if (origin != null) {
            return true;
        }
        String site = request.getHeaders().getFirst("Sec-Fetch-Site");
        return site != null && !site.equals("same-origin") && !site.equals("none");
    }

    private boolean allowed(String origin, ServerHttpRequest request) {
        if (properties.allowedOrigins().contains(origin)) {
            return true;
        }
        URI own = request.getURI();
        String host = request.getHeaders().getFirst(HttpHeaders.HOST);
        return host != null && origin.equalsIgnoreCase(own.getScheme() + "://" + host);
    }

    private static String describeOrigin(ServerHttpRequest request) {
        String origin = request.getHeaders().getOrigin();
        return origin != null ? origin : "another site";
    }
}
