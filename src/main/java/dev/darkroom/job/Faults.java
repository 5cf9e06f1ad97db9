package dev.darkroom.job;

/**
 * Which failures are worth another attempt. A fault of the database, the store or the broker
 * passes, so the work is requeued; anything else (the image, its size, a bug in one operation)
 * belongs to the item, which fails alone, or it would be retried forever.
 */
public final class Faults {

    private Faults() {
    }

    public static boolean isInfrastructure(Throwable e) {
        return e instanceof org.springframework.dao.DataAccessException
                || e instanceof io.r2dbc.spi.R2dbcException
                || e instanceof dev.darkroom.storage.StorageException;
    }
}
