package dev.gradus.compiler;

import java.lang.management.ManagementFactory;
import java.util.function.IntConsumer;

/** What the allocation tests measure: bytes this thread allocates across many training steps. */
final class Allocations {
    private Allocations() {}

    /**
     * Bytes the calling thread allocates while running {@code step} for {@code i = 0 .. steps - 1}, in
     * up to five rounds until one allocates nothing (a late JIT compilation may allocate in the first);
     * the last round's count. Warm the code up before.
     */
    static long ofSteps(int steps, IntConsumer step) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long allocated = -1;
        for (int round = 0; round < 5 && allocated != 0; round++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < steps; i++) {
                step.accept(i);
            }
            allocated = threads.getThreadAllocatedBytes(id) - before;
        }
        return allocated;
    }
}
