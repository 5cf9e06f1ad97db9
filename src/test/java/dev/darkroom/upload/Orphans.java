package dev.darkroom.upload;

import java.time.Duration;

import org.springframework.context.ApplicationContext;

/** Runs an instance's orphan sweep now, for tests in other packages. */
public final class Orphans {

    private Orphans() {
    }

    public static long sweepNow(ApplicationContext app) {
        return app.getBean(OrphanedOriginals.class).sweep(Duration.ZERO).block(Duration.ofSeconds(30));
    }
}
