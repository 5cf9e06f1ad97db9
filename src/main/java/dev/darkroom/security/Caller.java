package dev.darkroom.security;

import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * Who is asking: the owner a request acts for, with the key's scopes. Put in the Reactor context
 * by the access filter, so a handler reads it with {@link #current()}; everything a caller sees or
 * changes is its owner's.
 *
 * @param keyId null in anonymous mode
 */
public record Caller(UUID owner, UUID keyId, Set<Scope> scopes) {

    /** The owner an instance in anonymous mode acts as; also the owner of the first admin key. */
    public static final UUID DEFAULT_OWNER = new UUID(0, 0);

    static final Caller ANONYMOUS = new Caller(DEFAULT_OWNER, null, Set.of(Scope.values()));

    public boolean may(Scope scope) {
        return scopes.contains(scope);
    }

    /** The caller of the request being handled; an error if there is none (a bug: the filter always sets one). */
    public static Mono<Caller> current() {
        return Mono.deferContextual(context -> context.<Caller>getOrEmpty(Caller.class)
                .map(Mono::just)
                .orElseGet(() -> Mono.error(new IllegalStateException("no caller in this request's context"))));
    }

    /** The owner of the request being handled. */
    public static Mono<UUID> currentOwner() {
        return current().map(Caller::owner);
    }
}
