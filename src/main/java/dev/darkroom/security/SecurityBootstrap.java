package dev.darkroom.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import dev.darkroom.system.InstanceProperties;
import dev.darkroom.system.SchemaState;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Makes sure an instance that requires keys can be used: the configured bootstrap key exists as an
 * admin key; and if no key exists at all, one is made, printed once with a sign-in link for the web
 * app (as Jupyter prints its token), and written to a file only its user can read. Runs once the
 * database is there, which may be after startup.
 */
@Component
class SecurityBootstrap implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SecurityBootstrap.class);

    private final ApiKeys keys;
    private final SecurityProperties properties;
    private final SchemaState schema;
    private final Environment environment;
    private final InstanceProperties instance;
    private volatile Disposable running;

    SecurityBootstrap(ApiKeys keys, SecurityProperties properties, SchemaState schema, Environment environment,
                      InstanceProperties instance) {
        this.keys = keys;
        this.properties = properties;
        this.schema = schema;
        this.environment = environment;
        this.instance = instance;
    }

    @Override
    public void start() {
        if (!instance.role().servesApi()) {
            // A worker serves no API: keys are the API instances' business, and a worker racing
            // them to make the first key would print it where nobody looks.
            running = Mono.empty().subscribe();
            return;
        }
        if (properties.anonymous()) {
            log.warn("Anonymous mode (darkroom.security.anonymous=true): no keys are asked for, and everything "
                    + "belongs to one owner. Use it only on a network you trust");
            running = Mono.empty().subscribe();
            return;
        }
        running = Mono.defer(() -> schema.isMigrated() ? ensureKeys() : Mono.error(new IllegalStateException("no schema yet")))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)))
                .subscribe(done -> { }, e -> log.error("Could not set up the API keys", e));
    }

    private Mono<Void> ensureKeys() {
        String bootstrap = properties.bootstrapKey() == null ? "" : properties.bootstrapKey().strip();
        if (!bootstrap.isEmpty()) {
            return keys.bySecret(bootstrap)
                    .switchIfEmpty(Mono.defer(() -> keys.create(Caller.DEFAULT_OWNER, null, "bootstrap",
                                    EnumSet.allOf(Scope.class), bootstrap)
                            .doOnNext(created -> log.info("Made the bootstrap admin key (darkroom.security.bootstrap-key)"))
                            .map(ApiKeys.Created::key)))
                    .then();
        }
        return keys.anyLive().flatMap(any -> any ? Mono.<Void>empty()
                : keys.create(Caller.DEFAULT_OWNER, null, "first admin key", EnumSet.allOf(Scope.class))
                        .doOnNext(this::announce)
                        .then());
    }

    private void announce(ApiKeys.Created created) {
        Path file = properties.keyFile();
        String written;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, created.secret() + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system; the file stays as the system made it
            }
            written = " It is also in " + file.toAbsolutePath() + ".";
        } catch (IOException e) {
            written = " (It could not be written to " + file.toAbsolutePath() + ": " + e.getMessage() + ".)";
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        log.warn("""

                No API key existed, so Darkroom made an admin key. It is shown this once:

                    {}

                Sign the web app in with http://localhost:{}/?key={}
                Scripts use it as Authorization: Bearer <key>, or curl -u <key>: ...{}
                """, created.secret(), port, created.secret(), written);
    }

    @Override
    public void stop() {
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return running != null && !running.isDisposed();
    }
}
