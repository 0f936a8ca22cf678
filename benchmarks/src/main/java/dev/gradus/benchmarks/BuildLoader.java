package dev.gradus.benchmarks;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * One build's classes in a class loader of their own, for the A/B benchmarks ({@link TrainerAB},
 * {@link KernelAB}): the classes of {@code dev.gradus.runtime.kernel} and {@code layers} that the build's
 * directory holds, and the class named {@code own} (with its nested classes), come from the directory,
 * before the same names in this jar; everything else from this jar, shared by both builds.
 */
final class BuildLoader extends URLClassLoader {
    private final String own;

    /** {@code own}: a class to load from {@code dir} whatever its package (a generated trainer), or null. */
    BuildLoader(Path dir, String own) throws MalformedURLException {
        super(new URL[] {dir.toUri().toURL()}, BuildLoader.class.getClassLoader());
        this.own = own;
    }

    @Override
    protected Class<?> loadClass(String cls, boolean resolve) throws ClassNotFoundException {
        boolean kernel = (cls.startsWith("dev.gradus.runtime.kernel.") || cls.startsWith("dev.gradus.runtime.layers."))
                && findResource(cls.replace('.', '/') + ".class") != null;
        if (kernel || own != null && (cls.equals(own) || cls.startsWith(own + "$"))) {
            synchronized (getClassLoadingLock(cls)) {
                Class<?> c = findLoadedClass(cls);
                return c != null ? c : findClass(cls);
            }
        }
        return super.loadClass(cls, resolve);
    }
}
