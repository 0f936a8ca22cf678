package dev.gradus.compiler;

import java.lang.management.ManagementFactory;
import java.util.function.IntConsumer;

/** What the allocation tests measure: bytes this thread allocates across many training steps. */
final class Allocations {
    private Allocations() {}

    /**
     * Bytes the calling thread allocates while running {@code step} for {@code i = 0 .. steps - 1}, in
     * rounds until one allocates nothing (code the JIT has not compiled yet allocates: the Vector API's
     * vectors, outside C2, are objects), at least five and for up to a minute; the last round's count.
     * Five rounds alone were not always enough on a busy 2-core machine, where C2 came late to a wide
     * trainer's kernels. Warm the code up before.
     */
    static long ofSteps(int steps, IntConsumer step) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long allocated = -1;
        long until = System.nanoTime() + 60_000_000_000L;
        for (int round = 0; allocated != 0 && (round < 5 || System.nanoTime() < until); round++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < steps; i++) {
                step.accept(i);
            }
            allocated = threads.getThreadAllocatedBytes(id) - before;
        }
        return allocated;
    }
}
