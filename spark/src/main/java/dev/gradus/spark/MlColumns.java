package dev.gradus.spark;

import dev.gradus.runtime.DataException;
import dev.gradus.runtime.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * MLlib's columns as a trainer's: a vector column ({@code featuresCol}, as {@code VectorAssembler}
 * makes it) split into the model's inputs in declaration order, and a label column into its
 * targets; without them, the model's own CSV-named columns.
 */
final class MlColumns {
    private MlColumns() {}

    /** {@code data} with exactly the trainer's columns, CSV-named, for {@link Partitions}. */
    static Dataset<Row> forTraining(Dataset<?> data, List<TensorSpec> inputs, List<TensorSpec> targets,
                                    String featuresCol, String labelCol) {
        Dataset<Row> df = data.toDF();
        List<Column> cols = new ArrayList<>(split(df.schema(), inputs, featuresCol, true));
        cols.addAll(split(df.schema(), targets, labelCol, false));
        return df.select(cols.toArray(Column[]::new));
    }

    /** The input columns in declaration order, one scalar each, named as in CSV. */
    static List<Column> inputs(StructType schema, List<TensorSpec> inputs, String featuresCol) {
        return split(schema, inputs, featuresCol, true);
    }

    private static List<Column> split(StructType schema, List<TensorSpec> specs, String col, boolean features) {
        List<Column> out = new ArrayList<>();
        if (col == null) {
            List<String> names = Columns.check(schema, specs);
            for (Column c : Columns.select(names)) {
                out.add(c);
            }
            return out;
        }
        StructField field = field(schema, col);
        int total = specs.stream().mapToInt(TensorSpec::size).sum();
        Column c = functions.col(quoted(col));
        if (field.dataType().equals(SQLDataTypes.VectorType())) {
            int size = AttributeGroup.fromStructField(field).size(); // -1 when the vector's metadata does not say
            if (size >= 0 && size != total) {
                throw new DataException("column '" + col + "' holds vectors of " + size + " values; model needs " + total
                        + " (" + describe(specs) + ")");
            }
            Column values = org.apache.spark.ml.functions.vector_to_array(c, "float64");
            int i = 0;
            for (TensorSpec s : specs) {
                for (String name : s.columns()) {
                    out.add(classOrValue(values.getItem(i++), s).alias(name));
                }
            }
            return out;
        }
        if (total != 1 || !isNumber(field.dataType())) {
            throw new DataException("column '" + col + "' has type " + field.dataType().simpleString() + "; "
                    + (features ? "featuresCol" : "labelCol") + " must be a vector of " + total + " values"
                    + (total == 1 ? " or a number" : "") + " (" + describe(specs) + ")");
        }
        out.add(classOrValue(c, specs.get(0)).alias(specs.get(0).columns()[0]));
        return out;
    }

    /** A class index from MLlib's double labels: a whole number as a long, else null (reported as no value). */
    private static Column classOrValue(Column c, TensorSpec spec) {
        if (spec.classes() == 0) {
            return c.cast("double");
        }
        return functions.when(c.equalTo(functions.rint(c)), c).cast("long");
    }

    private static boolean isNumber(DataType t) {
        return t instanceof org.apache.spark.sql.types.NumericType;
    }

    private static String describe(List<TensorSpec> specs) {
        return String.join(", ", specs.stream().map(TensorSpec::toString).toList());
    }

    static StructField field(StructType schema, String col) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(col)) {
                return f;
            }
        }
        throw new DataException("missing column '" + col + "'; the data has " + String.join(", ", schema.fieldNames()));
    }

    static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
