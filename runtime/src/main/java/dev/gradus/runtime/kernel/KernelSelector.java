package dev.gradus.runtime.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Chooses the process's kernels once, at first use, the way Apache Lucene's VectorizationProvider
 * chooses its vector support: the Vector API implementation is only loaded (reflectively, from
 * classes compiled against {@code jdk.incubator.vector}) when that module is in the boot layer, that
 * is when the JVM runs with {@code --add-modules jdk.incubator.vector}; anything that goes wrong on
 * the way leaves the plain kernels. Unlike Lucene it does not trust the widest species to be fast:
 * once the JIT has compiled both, it times the plain loops and the widest native width on a
 * layer-sized block for a few milliseconds and keeps the vector one only when it beats the plain
 * loops clearly (see {@link #candidates()} for why one width only). {@code -Dgradus.kernels=plain|vector256|vector512} forces a choice
 * ({@code auto}, the default, calibrates). The choice is logged once, at DEBUG level, through
 * {@link System.Logger} {@code dev.gradus.runtime.kernel}; {@link #description()} says it too.
 */
public final class KernelSelector {
    /** The system property that forces an implementation. */
    public static final String PROPERTY = "gradus.kernels";
    /**
     * The system property naming a folder where a calibration's choice is remembered for later
     * processes on the same machine and JVM (the command line points it at its user cache), so that
     * only the first pays the calibration's half second.
     */
    public static final String REMEMBER = "gradus.kernels.remember";
    /**
     * Changed whenever the kernels or the way they are calibrated change, so that no process reuses a
     * choice made for other code: 2 since the launcher stopped having C2 compile the vector kernels
     * early, which left them slower than the plain loops and had that choice remembered; 3 since the
     * 256-bit GEMM blocks check their bounds once a call and take every layer's forward product packed.
     */
    static final int CALIBRATION = 3;
    private static final String VECTOR_CLASS = "dev.gradus.runtime.kernel.VectorKernels";
    /** A vector implementation must take at most this fraction of the plain loops' time to be chosen. */
    private static final double MARGIN = 0.9;

    /**
     * Warm-up: each candidate runs the timing block at least this many times, so that C2 has compiled
     * its block methods (each runs dozens of times a call; the Vector API is hundreds of times slower
     * interpreted or in C1, where it boxes every vector), and then until this many calls in a row are
     * no faster than the best so far; at most this long for each.
     */
    private static final int WARM_CALLS = 300;
    private static final int QUIET_CALLS = 16;
    private static final long MAX_WARM_NANOS = 3_000_000_000L;
    private static final double IMPROVEMENT = 0.05;
    /** A vector candidate this many times slower than the plain loops is taken for uncompiled code. */
    static final double UNCOMPILED = 4;
    /** How many more warm-ups an uncompiled-looking candidate gets. */
    static final int RETRIES = 2;
    /** Timing: alternating rounds of this many nanoseconds a candidate on a layer-sized block. */
    private static final int ROUNDS = 4;
    private static final long ROUND_NANOS = 5_000_000L;

    private KernelSelector() {}

    /** The implementation in use, chosen at the first call. */
    static Kernels selected() {
        return Holder.CHOICE.kernels;
    }

    /** One line: which kernels this process uses and why (forced, or the calibration's timings). */
    public static String description() {
        return Holder.CHOICE.why;
    }

    /** Prints which kernels this JVM chooses: {@code java [--add-modules jdk.incubator.vector] -cp gradus.jar dev.gradus.runtime.kernel.KernelSelector}. */
    public static void main(String[] args) {
        System.out.println(description());
    }

    /**
     * {@link #description()} once the choice is made; when no trainer of this process has asked for
     * the kernels (a model whose layers all run loops of their own, a 2-8-1 network's), says so
     * instead of making the choice: describing a run must not cost it a second's calibration.
     */
    public static String descriptionIfChosen() {
        return describe(chosen);
    }

    /** Whether this process has made its choice (for tests). */
    static boolean chosenYet() {
        return chosen != null;
    }

    static String describe(Choice choice) {
        return choice != null ? choice.why : "gradus kernels: none used (this model's layers run loops of their own)";
    }

    /** The choice, once {@link Holder} has made it. */
    private static volatile Choice chosen;

    /** The holder idiom: the choice is made when first needed, once, without locks on the hot path. */
    private static final class Holder {
        static final Choice CHOICE = sized(choose());

        static {
            chosen = CHOICE;
        }
    }

    /**
     * Vector kernels only for the layers they speed up ({@link SizedKernels}): the plain loops for
     * narrow and small layers, which a vector species mostly covers with its tail.
     */
    static Choice sized(Choice c) {
        if (c.kernels().getClass() == PlainKernels.class) { // not instanceof: the vector kernels extend the plain ones
            return c;
        }
        int packedFrom = c.kernels().packedForwardFrom();
        return new Choice(new SizedKernels(c.kernels()), c.why() + "; plain loops for layers under " + SizedKernels.MIN_IN
                + " inputs or " + SizedKernels.MIN_WEIGHTS + " weights, "
                + (packedFrom <= SizedKernels.MIN_WEIGHTS ? "the forward product on W's rows packed for every other layer"
                        : "W's transposed copy for layers under " + packedFrom + " weights"));
    }

    /** {@code settled}: false when a vector candidate still looked uncompiled, so the choice is not remembered. */
    record Choice(Kernels kernels, String why, boolean settled) {
        Choice(Kernels kernels, String why) {
            this(kernels, why, true);
        }
    }

    private static Choice choose() {
        String forced = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        Choice c;
        if (forced.equals("auto") || forced.isEmpty()) {
            String folder = System.getProperty(REMEMBER, "");
            c = folder.isBlank() ? calibrate(candidates()) : remembered(Path.of(folder));
        } else {
            Kernels k = byName(forced);
            c = k != null ? new Choice(k, "gradus kernels: " + k.name() + " (forced by -D" + PROPERTY + ")")
                    : new Choice(new PlainKernels(), "gradus kernels: plain (-D" + PROPERTY + "=" + forced + " is not available here: "
                    + unavailableReason(forced) + ")");
        }
        System.getLogger("dev.gradus.runtime.kernel").log(System.Logger.Level.DEBUG, c.why);
        return c;
    }

    /**
     * The choice remembered in {@code folder} for this machine and JVM, else a calibration, which is
     * then remembered (written whole under a temporary name, then renamed; a folder that cannot be
     * written only means the next process calibrates again).
     */
    static Choice remembered(Path folder) {
        List<Kernels> candidates = candidates();
        if (candidates.size() == 1) { // nothing to choose from (no Vector API here): say why, remember nothing
            return calibrate(candidates);
        }
        Path file = folder.resolve("kernels-" + machineKey());
        try {
            String name = Files.readString(file).trim();
            Kernels k = byName(name);
            if (k != null) {
                return new Choice(k, "gradus kernels: " + name + " (calibrated earlier on this machine and JVM: " + file + repeats(k) + ")");
            }
        } catch (IOException | RuntimeException e) {
            // not remembered yet, or unreadable: calibrate
        }
        Choice c = calibrate(candidates);
        if (!c.settled()) {
            return c; // timed before the JIT had compiled a candidate: the next process calibrates again
        }
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, "kernels-", ".tmp");
            Files.writeString(tmp, c.kernels().name() + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // not remembered: the next process calibrates again
        }
        return c;
    }

    /**
     * What a calibration's result depends on: the JVM (vendor, version, home), the CPU (its model
     * and flags, from /proc/cpuinfo where there is one), the cores, whether the Vector API module
     * is present, and the Gradus version and {@link #CALIBRATION} (other kernels, another choice);
     * hashed into a file name.
     */
    static String machineKey() {
        StringBuilder s = new StringBuilder(dev.gradus.runtime.Version.current()).append('\n').append(CALIBRATION).append('\n');
        for (String p : List.of("java.vm.vendor", "java.vm.version", "java.home", "os.arch", "os.name")) {
            s.append(System.getProperty(p, "")).append('\n');
        }
        s.append(Runtime.getRuntime().availableProcessors()).append('\n').append(vectorModulePresent()).append('\n');
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            lines.filter(l -> l.startsWith("model name") || l.startsWith("flags")).distinct().forEach(l -> s.append(l).append('\n'));
        } catch (IOException | RuntimeException e) {
            // no /proc/cpuinfo: the JVM and the core count must do
        }
        CRC32 crc = new CRC32();
        crc.update(s.toString().getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

    /**
     * The implementations calibration compares: the plain loops and the Vector API at the widest
     * width this CPU runs natively (512 bits with AVX-512, else 256). Only one width: the Vector API's
     * shared code keeps type profiles, and once a process has run one width C2 no longer compiles
     * the other into vector instructions (measured here: 512-bit kernels at 20 µs a layer step alone,
     * 256-bit ones at 175 µs after them, and the other way round). {@code -Dgradus.kernels=vector256}
     * forces the narrower one.
     */
    public static List<Kernels> candidates() {
        List<Kernels> all = new ArrayList<>();
        all.add(new PlainKernels());
        Kernels widest = vector("vector512");
        if (widest == null) {
            widest = vector("vector256");
        }
        if (widest != null) {
            all.add(widest);
        }
        return all;
    }

    /** The implementation called {@code name}, or null if this JVM or CPU cannot run it. */
    public static Kernels byName(String name) {
        return name.equals("plain") ? new PlainKernels() : vector(name);
    }

    /** Whether the incubating Vector API module was resolved at start-up ({@code --add-modules jdk.incubator.vector}). */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * Every implementation this JVM can load, including vector widths the CPU lacks (which the Vector
     * API then emulates): for tests, which check that every kernel computes the right thing.
     */
    static List<Kernels> allForTesting() {
        List<Kernels> all = new ArrayList<>(List.of(new PlainKernels()));
        for (String name : List.of("vector256", "vector512")) {
            try {
                all.add(loadVector(name, true));
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                // not loadable here: the module is missing
            }
        }
        return all;
    }

    private static Kernels vector(String name) {
        try {
            return loadVector(name, false);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    private static String unavailableReason(String name) {
        if (!name.equals("vector256") && !name.equals("vector512")) {
            return "the choices are plain, vector256, vector512 and auto";
        }
        try {
            loadVector(name, false);
            return "unknown";
        } catch (java.lang.reflect.InvocationTargetException e) {
            return String.valueOf(e.getCause().getMessage());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
    }

    private static Kernels loadVector(String name, boolean emulated) throws ReflectiveOperationException {
        if (!vectorModulePresent()) {
            throw new UnsupportedOperationException("run Java with --add-modules jdk.incubator.vector");
        }
        int bits = name.equals("vector512") ? 512 : name.equals("vector256") ? 256 : -1;
        if (bits < 0) {
            throw new IllegalArgumentException("no kernels named " + name);
        }
        Class<?> c = Class.forName(VECTOR_CLASS, true, KernelSelector.class.getClassLoader());
        var constructor = c.getDeclaredConstructor(int.class, boolean.class);
        return (Kernels) constructor.newInstance(bits, emulated);
    }

    /**
     * Warms each candidate up until the JIT has compiled it (see {@link #WARM_CALLS}), then times one
     * layer's forward and backward GEMMs (batch 32, 128 inputs, 64 outputs, float) in alternating
     * rounds and keeps the fastest, unless no vector one beats the plain loops by the margin. Timing code the JIT had not compiled yet once chose the plain loops on a machine where
     * the 512-bit kernels are ten times faster.
     */
    static Choice calibrate(List<Kernels> candidates) {
        return calibrate(candidates, MAX_WARM_NANOS);
    }

    /**
     * {@link #calibrate(List)} with at most {@code maxWarmNanos} of warm-up a candidate a try. A
     * vector candidate more than {@link #UNCOMPILED} times slower than the plain loops has not been
     * compiled by C2 yet (on a CPU that runs its width natively, compiled, it is never that slow):
     * under load C2 can take longer than the warm-up, and a calibration that timed such code chose
     * the plain loops, 99 ms a layer step against a few. Such a candidate is warmed and timed again,
     * up to {@link #RETRIES} times; if it still looks uncompiled the choice is made but not settled
     * (not remembered), so the next process tries again.
     */
    static Choice calibrate(List<Kernels> candidates, long maxWarmNanos) {
        if (candidates.size() == 1) {
            return new Choice(candidates.get(0), "gradus kernels: plain (" + (vectorModulePresent()
                    ? "no vector species this CPU runs natively" : "the JVM runs without --add-modules jdk.incubator.vector") + ")");
        }
        long start = System.nanoTime();
        Block block = new Block(32, 128, 64);
        for (Kernels k : candidates) {
            warmUp(k, block, maxWarmNanos);
        }
        long[] best = new long[candidates.size()];
        java.util.Arrays.fill(best, Long.MAX_VALUE);
        boolean settled = false;
        for (int attempt = 0; !settled; attempt++) {
            for (int round = 0; round < ROUNDS; round++) {
                for (int c = 0; c < candidates.size(); c++) {
                    best[c] = Math.min(best[c], block.nanosPerRun(candidates.get(c), ROUND_NANOS));
                }
            }
            settled = true;
            for (int c = 1; c < candidates.size(); c++) {
                if (best[c] > UNCOMPILED * best[0]) {
                    settled = false;
                    if (attempt < RETRIES) {
                        warmUp(candidates.get(c), block, maxWarmNanos);
                        best[c] = Long.MAX_VALUE;
                    }
                }
            }
            if (attempt == RETRIES) {
                break;
            }
        }
        int chosen = 0;
        for (int c = 1; c < candidates.size(); c++) {
            if (best[c] < MARGIN * best[0] && best[c] < best[chosen]) {
                chosen = c;
            }
        }
        StringBuilder why = new StringBuilder("gradus kernels: " + candidates.get(chosen).name() + " (calibrated in "
                + (System.nanoTime() - start) / 1_000_000 + " ms, µs per layer step:");
        for (int c = 0; c < candidates.size(); c++) {
            why.append(' ').append(candidates.get(c).name()).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f", best[c] / 1000.0));
        }
        if (!settled) {
            why.append("; a vector candidate still looked uncompiled by the JIT, so this choice is not remembered");
        }
        why.append(repeats(candidates.get(chosen)));
        return new Choice(candidates.get(chosen), why.append(')').toString(), settled);
    }

    /**
     * How to make another run take the same kernels without calibrating: a calibration can choose differently on
     * a machine busy with other work, and the plain loops and the Vector API's round differently.
     */
    private static String repeats(Kernels k) {
        return "; -D" + PROPERTY + "=" + k.name() + " repeats it";
    }

    /**
     * Runs {@code k} on {@code block} until the JIT has compiled it: enough calls for C2 to compile
     * every block method, then no call faster than the best for a few calls in a row. Warming up on
     * smaller layers did not do: C2 recompiled for the layer-sized block, and timed it interpreted.
     */
    private static void warmUp(Kernels k, Block block, long maxWarmNanos) {
        long start = System.nanoTime();
        long best = Long.MAX_VALUE;
        int quiet = 0;
        for (int calls = 0; (calls < WARM_CALLS || quiet < QUIET_CALLS) && System.nanoTime() - start < maxWarmNanos; calls++) {
            long t0 = System.nanoTime();
            block.run(k);
            long t = System.nanoTime() - t0;
            quiet = t < best * (1 - IMPROVEMENT) ? 0 : quiet + 1;
            best = Math.min(best, t);
        }
    }

    /** A dense layer's buffers, filled with small values, and one forward plus backward pass over them. */
    private static final class Block {
        final int batch;
        final int in;
        final int out;
        final float[] x;
        final float[] w;
        final float[] bias;
        final float[] y;
        final float[] dx;
        final float[] dw;

        Block(int batch, int in, int out) {
            this.batch = batch;
            this.in = in;
            this.out = out;
            x = fill(batch * in);
            w = fill(out * in);
            bias = fill(out);
            y = new float[batch * out];
            dx = new float[batch * in];
            dw = new float[out * in];
        }

        private static float[] fill(int n) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = ((i * 7919) % 201 - 100) / 400f;
            }
            return a;
        }

        void run(Kernels k) {
            k.forward(batch, in, out, x, 0, in, w, 0, in, bias, 0, Activation.RELU, y, 0, out);
            k.weightGradient(batch, in, out, y, 0, out, x, 0, in, 1f / batch, dw, 0, in, false);
            k.inputGradient(batch, in, out, y, 0, out, w, 0, in, dx, 0, in, false);
        }

        /** Runs repeatedly for about {@code budget} nanoseconds; the mean time of one run. */
        long nanosPerRun(Kernels k, long budget) {
            long start = System.nanoTime();
            long now = start;
            int runs = 0;
            while (now - start < budget) {
                run(k);
                runs++;
                now = System.nanoTime();
            }
            return (now - start) / runs;
        }
    }
}
