package dev.gradus.spark;

import dev.gradus.compiler.Frontend;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.ir.CheckedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
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
        return choose(model, "modelName", IllegalArgumentException::new);
    }

    /**
     * The checked model named {@code model}, or the only one; a name the text lacks, or several models
     * and no name, is {@code error}'s exception, pointing to {@code option}.
     */
    CheckedModel choose(String model, String option, Function<String, RuntimeException> error) {
        List<CheckedModel> models = Frontend.check(new Source(name, text));
        List<String> names = models.stream().map(CheckedModel::name).toList();
        if (model != null) {
            return models.stream().filter(m -> m.name().equals(model)).findFirst().orElseThrow(() ->
                    error.apply(name + ": no model named '" + model + "'; it has " + String.join(", ", names)));
        }
        if (models.size() > 1) {
            throw error.apply(name + ": it has models " + String.join(", ", names) + "; choose one with " + option);
        }
        return models.get(0);
    }
}
