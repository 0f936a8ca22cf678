package dev.gradus.spark;

import dev.gradus.compiler.Frontend;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.ir.CheckedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** A {@code .net} model's text and where it came from (a file on any Hadoop file system, or a string). */
record ModelText(String name, String text) {

    /** {@code source} if given, else the file {@code file} read on the driver; exactly one of them. */
    static ModelText of(String source, String file, SparkSession spark) {
        if ((source == null) == (file == null)) {
            throw new IllegalArgumentException("set exactly one of modelSource and modelFile");
        }
        if (source != null) {
            return new ModelText("modelSource", source);
        }
        Path path = new Path(file);
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (InputStream in = fs.open(path)) {
                return new ModelText(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the model: " + e.getMessage(), e);
        }
    }

    /** The checked model named {@code model}, or the only one; a {@code .net} error is a {@code CompileException}. */
    CheckedModel choose(String model) {
        List<CheckedModel> models = Frontend.check(new Source(name, text));
        List<String> names = models.stream().map(CheckedModel::name).toList();
        if (model != null) {
            return models.stream().filter(m -> m.name().equals(model)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException(name + ": no model named '" + model + "'; it has " + String.join(", ", names)));
        }
        if (models.size() > 1) {
            throw new IllegalArgumentException(name + ": it has models " + String.join(", ", names) + "; choose one with modelName");
        }
        return models.get(0);
    }
}
