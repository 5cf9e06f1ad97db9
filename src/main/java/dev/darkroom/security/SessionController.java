package dev.darkroom.security;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpCookie;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code /api/session}: the web app signs in with a key and gets a session cookie back,
 * {@code HttpOnly} and {@code SameSite=Strict} (and {@code Secure} over TLS), so no page script
 * holds the key and no other site's page can send it.
 */
@RestController
@Tag(name = "Session")
class SessionController {

    private final ApiKeys keys;
    private final KeyCache cache;
    private final SecurityProperties properties;

    SessionController(ApiKeys keys, KeyCache cache, SecurityProperties properties) {
        this.keys = keys;
        this.cache = cache;
        this.properties = properties;
    }

    record SignIn(@Nullable String key) { }

    record Session(UUID owner, @Nullable String ownerName, @Nullable String keyName, List<String> scopes, boolean anonymous) { }

    @Operation(operationId = "signIn", summary = "Sign the web app in with an API key; answers with a session cookie")
    @PostMapping(path = "/api/session", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Session>> signIn(@RequestBody SignIn request, ServerWebExchange exchange) {
        String secret = request.key() == null ? "" : request.key().strip();
        return keys.bySecret(secret)
                .switchIfEmpty(Mono.error(() -> SecurityProblems.UNAUTHORIZED.because(
                        "This key is not known, or has been revoked; check it, or ask an admin for a new one")))
                .flatMap(key -> keys.openSession(key.id(), properties.sessionTtl())
                        .zipWith(keys.ownerName(key.owner()).defaultIfEmpty(""))
                        .map(opened -> ResponseEntity.ok()
                                .header("Set-Cookie", cookie(opened.getT1(), exchange, properties.sessionTtl().toSeconds()).toString())
                                .body(session(key, opened.getT2()))));
    }

    @Operation(operationId = "getSession", summary = "Who the web app is signed in as; 401 when it is not")
    @GetMapping(path = "/api/session", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Session> current(ServerWebExchange exchange) {
        if (properties.anonymous()) {
            return Mono.just(new Session(Caller.DEFAULT_OWNER, null, null,
                    java.util.Arrays.stream(Scope.values()).map(Scope::name).toList(), true));
        }
        String key = AccessFilter.presentedKey(exchange.getRequest().getHeaders().getFirst("Authorization"));
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(AccessFilter.SESSION_COOKIE);
        Mono<ApiKeys.Key> found = key != null ? keys.bySecret(key)
                : cookie != null ? keys.bySession(cookie.getValue()) : Mono.empty();
        return found
                .flatMap(k -> keys.ownerName(k.owner()).defaultIfEmpty("").map(name -> session(k, name)))
                .switchIfEmpty(Mono.error(() -> SecurityProblems.UNAUTHORIZED.because("Not signed in: POST /api/session "
                        + "with {\"key\": \"…\"}")));
    }

    @Operation(operationId = "signOut", summary = "Sign the web app out")
    @ApiResponse(responseCode = "204", description = "Signed out")
    @DeleteMapping("/api/session")
    Mono<ResponseEntity<Void>> signOut(ServerWebExchange exchange) {
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(AccessFilter.SESSION_COOKIE);
        Mono<Void> close = cookie == null ? Mono.empty() : keys.closeSession(cookie.getValue())
                .doOnSuccess(done -> cache.forget(AccessFilter.SESSION_COOKIE + ":" + cookie.getValue()));
        return close.thenReturn(ResponseEntity.noContent()
                .header("Set-Cookie", cookie("", exchange, 0).toString())
                .<Void>build());
    }

    private static Session session(ApiKeys.Key key, String ownerName) {
        return new Session(key.owner(), ownerName.isEmpty() ? null : ownerName, key.name(),
                key.scopes().stream().map(Scope::name).sorted().toList(), false);
    }

    private static ResponseCookie cookie(String value, ServerWebExchange exchange, long maxAge) {
        return ResponseCookie.from(AccessFilter.SESSION_COOKIE, value)
                .httpOnly(true)
                .secure("https".equals(exchange.getRequest().getURI().getScheme()))
                .sameSite("Strict")
                .path("/")
                .maxAge(maxAge)
                .build();
    }
}
