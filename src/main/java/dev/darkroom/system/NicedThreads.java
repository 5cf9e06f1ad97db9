package dev.darkroom.system;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for pixel work that run at a lower operating-system priority (a higher nice value)
 * than the rest of the service. When conversions keep every core busy, a request's few
 * milliseconds of CPU would otherwise wait behind them for a time slice at every thread it
 * passes (event loop, database driver, event loop again), and a status read took hundreds of
 * milliseconds at the 99th percentile. With nice 10 the scheduler gives a waiting request thread
 * the core about nine times in ten; conversions still take every cycle nobody else wants.
 *
 * <p>Linux keeps the nice value per thread, so each thread lowers its own with
 * {@code setpriority(PRIO_PROCESS, gettid(), nice)}, through the foreign function API. Raising
 * a nice value needs no privilege. Elsewhere threads run at normal priority, as the start-up log
 * says; should the call fail on Linux, a warning says so once.
 */
public final class NicedThreads implements ThreadFactory {

    private static final int PRIO_PROCESS = 0;
    private static final Optional<Calls> CALLS = Calls.find();

    private final String prefix;
    private final int nice;
    private final AtomicInteger count = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean warned = new java.util.concurrent.atomic.AtomicBoolean();

    NicedThreads(String prefix, int nice) {
        this.prefix = prefix;
        this.nice = nice;
    }

    /** Whether this platform lets a thread lower its own priority. */
    static boolean supported() {
        return CALLS.isPresent();
    }

    @Override
    public Thread newThread(Runnable work) {
        Thread thread = new Thread(() -> {
            lower();
            work.run();
        }, prefix + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    /** The same, for a fork-join pool: each worker lowers its own priority as it starts. */
    java.util.concurrent.ForkJoinPool.ForkJoinWorkerThreadFactory forkJoin() {
        return pool -> {
            java.util.concurrent.ForkJoinWorkerThread worker = new java.util.concurrent.ForkJoinWorkerThread(pool) {
                @Override
                protected void onStart() {
                    super.onStart();
                    lower();
                }
            };
            worker.setName(prefix + "-" + count.incrementAndGet());
            return worker;
        };
    }

    /**
     * Lowers the priority of the calling thread, for threads this service does not create (a
     * library's pool): false where the platform has no per-thread nice or the call failed.
     */
    public static boolean lowerCallingThread(int nice) {
        return nice == 0 || CALLS.isPresent() && CALLS.get().lower(nice);
    }

    /** Lowers the calling thread's priority; a failure is told once per factory. */
    private void lower() {
        if (nice != 0 && CALLS.isPresent() && !CALLS.get().lower(nice) && !warned.getAndSet(true)) {
            org.slf4j.LoggerFactory.getLogger(NicedThreads.class).warn(
                    "Could not lower the priority of {} threads to nice {}: they run as equals of request threads", prefix, nice);
        }
    }

    /** The nice value of the calling thread, from {@code getpriority}; empty where it cannot be read. */
    static Optional<Integer> current() {
        return CALLS.map(Calls::current);
    }

    private record Calls(MethodHandle gettid, MethodHandle setpriority, MethodHandle getpriority) {

        static Optional<Calls> find() {
            if (!System.getProperty("os.name", "").startsWith("Linux")) {
                return Optional.empty();
            }
            try {
                Linker linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                return Optional.of(new Calls(
                        linker.downcallHandle(libc.find("gettid").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT)),
                        linker.downcallHandle(libc.find("setpriority").orElseThrow(), FunctionDescriptor.of(
                                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)),
                        linker.downcallHandle(libc.find("getpriority").orElseThrow(), FunctionDescriptor.of(
                                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT))));
            } catch (RuntimeException | LinkageError e) {
                return Optional.empty();
            }
        }

        boolean lower(int nice) {
            try {
                return (int) setpriority.invokeExact(PRIO_PROCESS, (int) gettid.invokeExact(), nice) == 0;
            } catch (Throwable e) {
                return false;
            }
        }

        int current() {
            try {
                return (int) getpriority.invokeExact(PRIO_PROCESS, (int) gettid.invokeExact());
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
