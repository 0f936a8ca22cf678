package dev.gradus.spark;

import dev.gradus.compiler.TrainerLoader;
import dev.gradus.runtime.Trainer;
import java.io.Serializable;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Makes trainers on the driver and on every executor. It travels to executors inside Spark's
 * tasks, so it holds only what an executor can use: a class name (a trainer the Maven plugin
 * generated, on the executors' class path in the application jar) or a compiled trainer's class
 * bytes (a {@code .net} file compiled on the driver). Executors keep the trainers they made, one per
 * task slot at a time, so a step allocates no trainer.
 */
public abstract class TrainerFactory implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, ConcurrentLinkedQueue<Trainer>> POOL = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    /** A new trainer for batches of up to {@code maxBatch} examples. */
    public abstract Trainer create(int maxBatch);

    /** Trainers of a generated class, made with its {@code (int maxBatch)} constructor. */
    public static TrainerFactory of(Class<? extends Trainer> trainerClass) {
        return new Named(trainerClass.getName());
    }

    /** Trainers of classes compiled on the driver, defined from their bytes once per executor JVM. */
    public static TrainerFactory of(TrainerLoader.Compiled compiled) {
        return new Shipped(compiled);
    }

    /** A trainer of this factory from this JVM's pool, or a new one; give it back with {@link #release}. */
    final Trainer borrow(int maxBatch) {
        Trainer t = POOL.computeIfAbsent(id + "/" + maxBatch, k -> new ConcurrentLinkedQueue<>()).poll();
        return t != null ? t : create(maxBatch);
    }

    final void release(Trainer trainer) {
        POOL.computeIfAbsent(id + "/" + trainer.maxBatch(), k -> new ConcurrentLinkedQueue<>()).add(trainer);
    }

    /** Forgets this JVM's pooled trainers of this factory (the driver, after training). */
    final void drain() {
        POOL.keySet().removeIf(k -> k.startsWith(id + "/"));
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
        /** One class loader per compiled trainer and JVM: defining the classes again for every task would fill the metaspace. */
        private static final Map<String, Trainer> PROTOTYPES = new ConcurrentHashMap<>();
        private final TrainerLoader.Compiled compiled;
        private final String key = UUID.randomUUID().toString();

        Shipped(TrainerLoader.Compiled compiled) {
            this.compiled = compiled;
        }

        @Override
        public Trainer create(int maxBatch) {
            Trainer prototype = PROTOTYPES.computeIfAbsent(key, k -> compiled.newTrainer(1, Trainer.class.getClassLoader()));
            try {
                return prototype.getClass().getConstructor(int.class).newInstance(maxBatch);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make a trainer of class " + compiled.className(), e);
            }
        }
    }
}
