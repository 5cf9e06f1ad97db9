package dev.darkroom.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param threads      threads that decode, convert and encode; 0 means one per core. Conversions
 *                     are CPU-bound, so more threads than cores only adds memory.
 * @param queue        conversions that may wait for a thread before new ones are refused
 * @param memoryBudget memory that pixel work in flight may hold at once; 0 means 70% of the
 *                     maximum heap, leaving the rest to uploads, buffers and the framework
 * @param nice         how much lower than the rest of the service their operating-system priority
 *                     is (Linux nice, 0 to 19): requests are answered first while pixel work keeps
 *                     every core busy, and pixel work gets every cycle they leave; 0 runs them as equals
 */
@ConfigurationProperties("darkroom.conversion")
public record ConversionProperties(@DefaultValue("0") int threads, @DefaultValue("1000") int queue,
                                   @DefaultValue("0") DataSize memoryBudget, @DefaultValue("10") int nice) {

    static final double DEFAULT_BUDGET_SHARE = 0.7;

    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    public long effectiveMemoryBudget() {
        return memoryBudget.toBytes() > 0 ? memoryBudget.toBytes()
                : (long) (Runtime.getRuntime().maxMemory() * DEFAULT_BUDGET_SHARE);
    }
}
