package dev.darkroom.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The browser-facing protections every response carries, errors included (set before the chain
 * runs, so a problem written by the error handler has them too):
 * <ul>
 * <li>a Content-Security-Policy that runs only the app's own scripts and styles, from this origin:
 * the built web app has no inline script and sets styles only through the DOM (which CSP allows);
 * the problem-type pages' one inline style is allowed by its hash. Images may also be {@code data:}
 * (the favicon, /api/convert's answer) and {@code blob:} (results shown in the page).</li>
 * <li>{@code frame-ancestors 'none'} and {@code X-Frame-Options: DENY} (for older browsers): no
 * page of ours can be framed, so no click in the gallery can be hijacked.</li>
 * <li>{@code X-Content-Type-Options: nosniff}, so an uploaded file is never run as a script or
 * styles; {@code Referrer-Policy: no-referrer}, so URLs with ids do not leak to other sites.</li>
 * </ul>
 * Swagger UI, a page we do not write, sets inline styles as HTML attributes; its paths alone allow
 * inline styles (never inline scripts).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityHeaders implements WebFilter {

    static final String POLICY = policy("'self' " + hash(ProblemPages.STYLE));
    static final String DOCS_POLICY = policy("'self' 'unsafe-inline'");

    private static String policy(String styles) {
        return "default-src 'self'; script-src 'self'; style-src " + styles + "; img-src 'self' data: blob:; "
                + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                + "frame-ancestors 'none'";
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        String path = exchange.getRequest().getPath().value();
        headers.set("Content-Security-Policy", path.startsWith("/swagger-ui") ? DOCS_POLICY : POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        return chain.filter(exchange);
    }

    private static String hash(String inline) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
