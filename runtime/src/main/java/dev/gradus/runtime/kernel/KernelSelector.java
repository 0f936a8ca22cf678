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
     * 256-bit GEMM blocks check their bounds once a call and take every layer's forward product packed; 4 since a
     * vector candidate that loses is warmed again until the JIT is done with it (a first warm-up that ended on a
     * plateau of half-compiled code, 150-230 µs against the plain loops' 110 where compiled it takes 33, chose
     * and remembered the plain loops on an AVX-512 machine).
     */
    static final int CALIBRATION = 4;
    private static final String VECTOR_CLASS = "dev.gradus.runtime.kernel.VectorKernels";
    private KernelSelector() {}

    /** The implementation in use, chosen at the first call. */
    static Kernels selected() {
        return Holder.CHOICE.kernels;
    }

    /**
     * {@link Kernels#forExps}: what {@code -Dgradus.kernels} forces, read as for {@link #selected} (plain where
     * the forced kernels are not available), else the widest ({@link #candidates}).
     */
    static Kernels forExps() {
        return ExpsHolder.KERNELS;
    }

    private static final class ExpsHolder {
        static final Kernels KERNELS = exps();

        private static Kernels exps() {
            String forced = forced();
            if (forced != null) {
                Kernels k = byName(forced);
                return k != null ? k : new PlainKernels();
            }
            List<Kernels> all = candidates();
            return all.get(all.size() - 1);
        }
    }

    /** The kernels {@code -Dgradus.kernels} names, in lower case, or null where it asks for none ({@code auto}, empty, unset). */
    private static String forced() {
        String forced = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        return forced.equals("auto") || forced.isEmpty() ? null : forced;
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
        String forced = forced();
        Choice c;
        if (forced == null) {
            String folder = System.getProperty(REMEMBER, "");
            c = folder.isBlank() ? Calibration.calibrate(candidates()) : remembered(Path.of(folder));
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
            return Calibration.calibrate(candidates);
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
        Choice c = Calibration.calibrate(candidates);
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
     * How to make another run take the same kernels without calibrating: a calibration can choose differently on
     * a machine busy with other work, and the plain loops and the Vector API's round differently.
     */
    static String repeats(Kernels k) {
        return "; -D" + PROPERTY + "=" + k.name() + " repeats it";
    }
}
