package dev.darkroom.security;

import org.springframework.http.HttpStatus;
import dev.darkroom.web.ProblemType;

final class SecurityProblems {

    static final ProblemType UNAUTHORIZED = new ProblemType("unauthorized", HttpStatus.UNAUTHORIZED,
            "Credentials needed", "This route needs an API key: send Authorization: Bearer <key> (curl -u KEY: works "
            + "too), or sign in to the web app. An admin makes keys with POST /api/keys.");
    static final ProblemType FORBIDDEN = new ProblemType("forbidden", HttpStatus.FORBIDDEN,
            "Not allowed for this key", "The key is valid but lacks the scope this request needs (read, write or admin).");
    static final ProblemType CROSS_SITE = new ProblemType("cross-site-request", HttpStatus.FORBIDDEN,
            "Refused: sent from another site", "A page on another origin tried to change something or open a "
            + "WebSocket here; only Darkroom's own pages (and origins listed in darkroom.security.allowed-origins) may.");
    static final ProblemType RATE_LIMITED = new ProblemType("rate-limited", HttpStatus.TOO_MANY_REQUESTS,
            "Too many requests", "This key made more requests per second than it may; Retry-After says when to go on.");
    static final ProblemType KEY_NOT_FOUND = new ProblemType("key-not-found", HttpStatus.NOT_FOUND,
            "Key not found", "The owner has no live key with this id.");

    private SecurityProblems() {
    }
}
