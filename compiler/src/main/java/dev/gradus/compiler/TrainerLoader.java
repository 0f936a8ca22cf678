package dev.gradus.compiler;

import com.palantir.javapoet.JavaFile;
import dev.gradus.runtime.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a generated trainer with javax.tools in memory and loads it: what is run is what ships.
 * Compiled trainers are kept in the user's {@link TrainerCache}, so an unchanged model is compiled once.
 */
public final class TrainerLoader {
    private static final AtomicInteger COMPILATIONS = new AtomicInteger();

    private TrainerLoader() {}

    /** Compiles {@code file} (or takes it from the user's cache) and makes a trainer for batches of up to {@code maxBatch} examples. */
    public static Trainer load(JavaFile file, int maxBatch) {
        return load(file, maxBatch, TrainerCache.standard());
    }

    /** As {@link #load(JavaFile, int)}, with the given cache, or none if {@code cache} is null. */
    public static Trainer load(JavaFile file, int maxBatch, TrainerCache cache) {
        return compileAnd(file, cache, compiled -> compiled.newTrainer(maxBatch, TrainerLoader.class.getClassLoader()));
    }

    /**
     * A compiled trainer: its class name and the bytes of its classes, which can be shipped to
     * another JVM (Spark's executors) and defined there by {@link #newTrainer}.
     */
    public record Compiled(String className, Map<String, byte[]> classes) implements java.io.Serializable {
        public Compiled {
            classes = Map.copyOf(classes);
        }

        /** Defines the classes in a new class loader below {@code parent} and makes a trainer. */
        public Trainer newTrainer(int maxBatch, ClassLoader parent) {
            try {
                return (Trainer) define(parent).getConstructor(int.class).newInstance(maxBatch);
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalStateException("cannot load the generated trainer " + className, e);
            }
        }

        /** Defines and initializes the trainer's class in a new class loader below {@code parent}. */
        Class<?> define(ClassLoader parent) {
            ClassLoader loader = new ClassLoader(parent) {
                @Override
                protected Class<?> findClass(String name) throws ClassNotFoundException {
                    byte[] b = classes.get(name);
                    if (b == null) {
                        throw new ClassNotFoundException(name);
                    }
                    return defineClass(name, b, 0, b.length);
                }
            };
            try {
                return Class.forName(className, true, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("cannot load the generated trainer " + className, e);
            }
        }
    }

    /** Compiles {@code file} in memory into class bytes (or takes them from the user's cache). */
    public static Compiled compile(JavaFile file) {
        return compile(file, TrainerCache.standard());
    }

    /** As {@link #compile(JavaFile)}, with the given cache, or none if {@code cache} is null. */
    public static Compiled compile(JavaFile file, TrainerCache cache) {
        return compileAnd(file, cache, compiled -> {
            compiled.define(TrainerLoader.class.getClassLoader()); // loads and links: damaged bytes fail here
            return compiled;
        });
    }

    /**
     * Compiles {@code file} (or takes its classes from the cache) and hands them to {@code use}. A
     * cached entry that {@code use} cannot load is damaged or stale: it is removed and compiled
     * again; a fresh compilation is cached only after {@code use} has loaded it.
     */
    private static <T> T compileAnd(JavaFile file, TrainerCache cache, Function<Compiled, T> use) {
        String name = file.packageName().isEmpty() ? file.typeSpec().name() : file.packageName() + "." + file.typeSpec().name();
        List<String> options = List.of("-classpath", runtimeClasspath(), "-Xlint:all", "-Werror", "-proc:none", "--release", "17");
        if (cache == null) {
            return use.apply(new Compiled(name, javac(file, options)));
        }
        // The class path is where the runtime is, which the key already covers; leave it out so moving a checkout keeps the cache.
        String key = TrainerCache.key(file.toString(), options.subList(2, options.size()));
        Map<String, byte[]> cached = cache.get(key);
        if (cached != null) {
            try {
                return use.apply(new Compiled(name, cached));
            } catch (LinkageError | IllegalStateException e) {
                cache.remove(key); // damaged or stale: compile it again below
            }
        }
        Compiled compiled = new Compiled(name, javac(file, options));
        T result = use.apply(compiled);
        cache.put(key, compiled.classes());
        return result;
    }

    /** How many trainers this process has compiled with javac (cache hits do not count). */
    public static int compilations() {
        return COMPILATIONS.get();
    }

    private static Map<String, byte[]> javac(JavaFile file, List<String> options) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("this Java is a runtime without a compiler; run gradus with a JDK");
        }
        COMPILATIONS.incrementAndGet();
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, null);
        JavaFileManager manager = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return classes.computeIfAbsent(className, k -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        JavaFileObject source = file.toJavaFileObject();
        boolean ok = javac.getTask(null, manager, diagnostics, options, null, List.of(source)).call();
        if (!ok) {
            StringBuilder s = new StringBuilder("internal error: the generated trainer does not compile:\n");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                s.append(d).append('\n');
            }
            throw new IllegalStateException(s.toString());
        }
        Map<String, byte[]> bytes = new HashMap<>();
        classes.forEach((k, v) -> bytes.put(k, v.toByteArray()));
        return bytes;
    }

    /** Where the runtime's classes are: the gradus jar itself, or the runtime module's classes. */
    private static String runtimeClasspath() {
        try {
            Path p = Path.of(Trainer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String extra = System.getProperty("java.class.path", "");
            return p + (extra.isEmpty() ? "" : File.pathSeparator + extra);
        } catch (URISyntaxException e) {
            return System.getProperty("java.class.path", "");
        }
    }
}
