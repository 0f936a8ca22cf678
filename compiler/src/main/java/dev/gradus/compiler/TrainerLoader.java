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
        String name = file.packageName().isEmpty() ? file.typeSpec().name() : file.packageName() + "." + file.typeSpec().name();
        List<String> options = List.of("-classpath", runtimeClasspath(), "-Xlint:all", "-Werror", "-proc:none", "--release", "17");
        if (cache == null) {
            return instantiate(name, compile(file, options), maxBatch);
        }
        // The class path is where the runtime is, which the key already covers; leave it out so moving a checkout keeps the cache.
        String key = TrainerCache.key(file.toString(), options.subList(2, options.size()));
        Map<String, byte[]> cached = cache.get(key);
        if (cached != null) {
            try {
                return instantiate(name, cached, maxBatch);
            } catch (LinkageError | IllegalStateException e) {
                cache.remove(key); // damaged or stale: compile it again below
            }
        }
        Map<String, byte[]> classes = compile(file, options);
        Trainer trainer = instantiate(name, classes, maxBatch);
        cache.put(key, classes);
        return trainer;
    }

    /** How many trainers this process has compiled with javac (cache hits do not count). */
    public static int compilations() {
        return COMPILATIONS.get();
    }

    private static Map<String, byte[]> compile(JavaFile file, List<String> options) {
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

    private static Trainer instantiate(String name, Map<String, byte[]> classes, int maxBatch) {
        ClassLoader loader = new ClassLoader(TrainerLoader.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String className) throws ClassNotFoundException {
                byte[] b = classes.get(className);
                if (b == null) {
                    throw new ClassNotFoundException(className);
                }
                return defineClass(className, b, 0, b.length);
            }
        };
        try {
            return (Trainer) loader.loadClass(name).getConstructor(int.class).newInstance(maxBatch);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot load the generated trainer " + name, e);
        }
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
