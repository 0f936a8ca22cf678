package dev.gradus.compiler;

import com.palantir.javapoet.JavaFile;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/** Compiles many generated classes in one javac run (as strictly as the CLI: -Xlint:all -Werror) and loads them. */
final class BatchCompiler {
    private BatchCompiler() {}

    /** The compiled classes' loader, or an AssertionError with javac's messages. */
    static ClassLoader compile(List<JavaFile> files) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileManager manager = new ForwardingJavaFileManager<>(javac.getStandardFileManager(diagnostics, null, null)) {
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
        List<JavaFileObject> sources = new ArrayList<>();
        files.forEach(f -> sources.add(f.toJavaFileObject()));
        List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-Xlint:all", "-Werror",
                "-proc:none", "--release", "17");
        if (!javac.getTask(null, manager, diagnostics, options, null, sources).call()) {
            StringBuilder s = new StringBuilder("generated code does not compile:\n");
            diagnostics.getDiagnostics().forEach(d -> s.append(d).append('\n'));
            throw new AssertionError(s.toString());
        }
        return new ClassLoader(BatchCompiler.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] b = bytes.toByteArray();
                return defineClass(name, b, 0, b.length);
            }
        };
    }
}
