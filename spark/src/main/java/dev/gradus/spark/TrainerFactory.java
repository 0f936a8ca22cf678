package dev.gradus.spark;

import dev.gradus.compiler.TrainerLoader;
import dev.gradus.runtime.Trainer;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Makes trainers on the driver and on every executor. It travels to executors inside Spark's
 * tasks, so it holds only what an executor can use: a class name (a trainer the Maven plugin
 * generated, on the executors' class path in the application jar) or a compiled trainer's class
 * bytes (a {@code .net} file compiled on the driver). Executors keep the trainers they made, one per
 * task slot at a time, so a step allocates no trainer; those of a factory are dropped when a fit
 * ends ({@link #drain}), and a JVM keeps those of its {@value #KEEP} most recently used factories
 * only, so an executor that missed the end of a fit frees them too.
 */
public abstract class TrainerFactory implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int KEEP = 2;
    /** Per factory id: its idle trainers by batch size, and (compiled trainers) the class defined from its bytes. */
    private static final LinkedHashMap<String, Held> HELD = new LinkedHashMap<>(8, 0.75f, true);

    private final String id = UUID.randomUUID().toString();

    /** What this JVM holds for one factory. */
    private static final class Held {
        final Map<Integer, Deque<Trainer>> idle = new HashMap<>();
        Class<?> defined;
    }

    /** A new trainer for batches of up to {@code maxBatch} examples. */
    public abstract Trainer create(int maxBatch);

    /** Trainers of a generated class, made with its {@code (int maxBatch)} constructor. */
    public static TrainerFactory of(Class<? extends Trainer> trainerClass) {
        return new Named(trainerClass.getName());
    }

    /** Trainers of classes compiled on the driver, defined from their bytes once per executor JVM and fit. */
    public static TrainerFactory of(TrainerLoader.Compiled compiled) {
        return new Shipped(compiled);
    }

    final String id() {
        return id;
    }

    private static Held held(String id) {
        synchronized (HELD) {
            Held h = HELD.computeIfAbsent(id, k -> new Held());
            while (HELD.size() > KEEP) {
                HELD.remove(HELD.keySet().iterator().next()); // the least recently used
            }
            return h;
        }
    }

    /** A trainer of this factory from this JVM's idle ones, or a new one; give it back with {@link #release}. */
    final Trainer borrow(int maxBatch) {
        Deque<Trainer> idle;
        synchronized (HELD) {
            idle = held(id).idle.computeIfAbsent(maxBatch, k -> new ArrayDeque<>());
            Trainer t = idle.poll();
            if (t != null) {
                return t;
            }
        }
        return create(maxBatch);
    }

    final void release(Trainer trainer) {
        synchronized (HELD) {
            held(id).idle.computeIfAbsent(trainer.maxBatch(), k -> new ArrayDeque<>()).add(trainer);
        }
    }

    /** Forgets this JVM's trainers of this factory and the class it defined (after a fit). */
    final void drain() {
        synchronized (HELD) {
            HELD.remove(id);
        }
    }

    /** Whether this JVM holds trainers or a class of this factory (tests). */
    final boolean holdsAny() {
        synchronized (HELD) {
            return HELD.containsKey(id);
        }
    }

    private static final class Named extends TrainerFactory {
        private static final long serialVersionUID = 1L;
        private final String className;

        Named(String className) {
            this.className = className;
        }

        @Override
        public Trainer create(int maxBatch) {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            try {
                Class<?> c = Class.forName(className, true, loader != null ? loader : Trainer.class.getClassLoader());
                return (Trainer) c.getConstructor(int.class).newInstance(maxBatch);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make a trainer of class " + className
                        + " (is the application jar on the executors' class path?)", e);
            }
        }
    }

    private static final class Shipped extends TrainerFactory {
        private static final long serialVersionUID = 1L;
        private final TrainerLoader.Compiled compiled;

        Shipped(TrainerLoader.Compiled compiled) {
            this.compiled = compiled;
        }

        /** One class loader per compiled trainer, JVM and fit: defining the classes for every task would fill the metaspace. */
        @Override
        public Trainer create(int maxBatch) {
            Class<?> c;
            synchronized (HELD) {
                Held h = held(id());
                if (h.defined == null) {
                    h.defined = compiled.newTrainer(1, Trainer.class.getClassLoader()).getClass();
                }
                c = h.defined;
            }
            try {
                return (Trainer) c.getConstructor(int.class).newInstance(maxBatch);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make a trainer of class " + compiled.className(), e);
            }
        }
    }
}
