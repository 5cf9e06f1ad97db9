package dev.darkroom;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class DarkroomApplication {

    /** Reactor Netty's own setting for how many event loops its HTTP server and the database driver each run. */
    static final String EVENT_LOOPS = "reactor.netty.ioWorkerCount";

    public static void main(String[] args) {
        eventLoops(Runtime.getRuntime().availableProcessors());
        SpringApplication.run(DarkroomApplication.class, args);
    }

    /**
     * At least 8 event loops, not Reactor Netty's max(cores, 4), unless the operator set the
     * number. Each connection stays on one loop, so on a small machine a GET shared its loop with
     * an upload's multipart parsing (or a database answer with the work that continues after an
     * upload's commit) and waited behind it. With 8 on our 2-core machines, a client's
     * {@code GET /api/images/{id}} p99 during a bulk upload fell from 63–89 ms to 58–70 ms, with no
     * more CPU per file (src/bench/README.md). Set before any Netty class reads it.
     */
    static void eventLoops(int cores) {
        if (System.getProperty(EVENT_LOOPS) == null) {
            System.setProperty(EVENT_LOOPS, Integer.toString(Math.max(8, cores)));
        }
    }
}
