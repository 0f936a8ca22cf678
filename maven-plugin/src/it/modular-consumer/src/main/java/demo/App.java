package demo;

import dev.gradus.runtime.Trainer;

/** Uses the generated trainer from inside the module. */
public final class App {
    private App() {}

    public static Trainer trainer() {
        return new Xor();
    }
}
