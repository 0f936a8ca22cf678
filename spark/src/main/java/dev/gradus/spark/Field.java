package dev.gradus.spark;

import dev.gradus.runtime.TensorSpec;
import java.io.Serializable;
import java.util.List;

/** What a block needs of a trainer's field, in a form Spark can ship: its name, columns and class count. */
record Field(String name, String[] columns, int classes) implements Serializable {

    static List<Field> of(List<TensorSpec> specs) {
        return specs.stream().map(s -> new Field(s.name(), s.columns(), s.classes())).toList();
    }

    int size() {
        return columns.length;
    }
}
