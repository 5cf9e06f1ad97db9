package dev.darkroom.security;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import dev.darkroom.operation.InvalidParamsException;
import dev.darkroom.operation.ParamViolation;
import reactor.core.publisher.Mono;

/**
 * {@code /api/keys}: an owner's API keys. A key is shown once, when it is made; after that only
 * its name, scopes and dates. An admin key makes keys for a new owner (or any owner it names);
 * any other key only for its own owner, and with no scope it does not have itself.
 */
@RestController
@Tag(name = "Keys")
class KeyController {

    private final ApiKeys keys;
    private final KeyCache cache;

    KeyController(ApiKeys keys, KeyCache cache) {
        this.keys = keys;
        this.cache = cache;
    }

    record KeyRequest(@Nullable String name, @Nullable List<String> scopes, @Nullable UUID owner, @Nullable String ownerName) { }

    /** {@code key}, the secret, only in the answer that made it; {@code lastUsedAt} once it has been used. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record KeyView(UUID id, String name, UUID owner, List<String> scopes, Instant createdAt, @Nullable Instant lastUsedAt,
                   @Nullable String key) {

        static KeyView of(ApiKeys.Key key, String secret) {
            return new KeyView(key.id(), key.name(), key.owner(), key.scopes().stream().map(Scope::name).sorted().toList(),
                    key.createdAt(), key.lastUsedAt(), secret);
        }
    }

    record Keys(List<KeyView> keys) { }

    @Operation(operationId = "createKey", summary = "Make an API key; the answer is the only time it is shown")
    @ApiResponse(responseCode = "201", description = "The key, with its secret in key")
    @PostMapping(path = "/api/keys", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<KeyView>> create(@RequestBody KeyRequest request) {
        return Caller.current().flatMap(caller -> {
            String name = request.name() == null ? "" : request.name().strip();
            List<ParamViolation> problems = new java.util.ArrayList<>();
            if (name.isEmpty() || name.length() > 100) {
                problems.add(new ParamViolation("/name", "is required: a name of 1 to 100 characters, to tell the key by"));
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            if (request.scopes() == null || request.scopes().isEmpty()) {
                problems.add(new ParamViolation("/scopes", "is required: a list of read, write and admin"));
            } else {
                for (int i = 0; i < request.scopes().size(); i++) {
                    String scope = request.scopes().get(i);
                    try {
                        scopes.add(Scope.valueOf(scope));
                    } catch (IllegalArgumentException | NullPointerException e) {
                        problems.add(new ParamViolation("/scopes/" + i, "'" + scope + "' is not a scope; use read, write or admin"));
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidParamsException(problems);
            }
            boolean forOther = request.owner() == null ? caller.may(Scope.admin) : !request.owner().equals(caller.owner());
            if (forOther && !caller.may(Scope.admin)) {
                throw SecurityProblems.FORBIDDEN.because("Only an admin key makes keys for another owner; leave out "
                        + "owner to make one for your own").with("needs", Scope.admin.name());
            }
            if (!caller.may(Scope.admin) && !caller.scopes().containsAll(scopes)) {
                throw SecurityProblems.FORBIDDEN.because("A key can give only the scopes it has: " + caller.scopes()
                        .stream().map(Scope::name).sorted().toList()).with("needs", Scope.admin.name());
            }
            // An admin naming no owner makes a new one; anyone else makes keys for their own.
            UUID owner = request.owner() != null ? request.owner() : caller.may(Scope.admin) ? null : caller.owner();
            Mono<Void> exists = owner == null ? Mono.empty() : keys.ownerName(owner)
                    .switchIfEmpty(Mono.error(() -> new InvalidParamsException(List.of(new ParamViolation("/owner",
                            "no owner has id " + owner + "; leave it out to make a key for a new owner")))))
                    .then();
            return exists.then(keys.create(owner, request.ownerName(), name, scopes))
                    .map(created -> ResponseEntity.status(HttpStatus.CREATED).body(KeyView.of(created.key(), created.secret())));
        });
    }

    @Operation(operationId = "listKeys", summary = "The owner's live keys, without their secrets")
    @GetMapping(path = "/api/keys", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Keys> list() {
        return Caller.currentOwner().flatMap(owner -> keys.of(owner).map(key -> KeyView.of(key, null)).collectList().map(Keys::new));
    }

    @Operation(operationId = "revokeKey", summary = "Revoke one of the owner's keys, and sign out its sessions")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @DeleteMapping("/api/keys/{id}")
    Mono<ResponseEntity<Void>> revoke(@PathVariable UUID id) {
        return Caller.currentOwner().flatMap(owner -> keys.revoke(owner, id)).map(revoked -> {
            if (!revoked) {
                throw SecurityProblems.KEY_NOT_FOUND.because("You have no live key with id " + id + "; GET /api/keys lists them")
                        .with("keyId", id);
            }
            cache.forget(id);
            return ResponseEntity.noContent().<Void>build();
        });
    }
}
