/** A consumer's module: it reads the Gradus runtime, and not java.compiler. */
module demo.app {
    requires dev.gradus.runtime;
    exports demo;
}
