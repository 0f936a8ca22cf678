package dev.gradus.spark;

import dev.gradus.runtime.DataException;
import dev.gradus.runtime.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns a trainer reads, named as in CSV ({@code x}, {@code x[0]}, {@code x[i][j]}), checked
 * against a data set's schema alone, so a missing or ill-typed column is reported before any job runs.
 */
final class Columns {
    private static final List<DataType> INTEGRAL = List.of(DataTypes.ByteType, DataTypes.ShortType,
            DataTypes.IntegerType, DataTypes.LongType);
    private static final List<DataType> REAL = List.of(DataTypes.FloatType, DataTypes.DoubleType);

    private Columns() {}

    /** Every column of every field, in field order; throws a {@link DataException} naming the first bad one. */
    static List<String> check(StructType schema, List<TensorSpec> fields) {
        List<String> names = new ArrayList<>();
        for (TensorSpec f : fields) {
            for (String c : f.columns()) {
                StructField column = find(schema, c);
                if (column == null) {
                    throw new DataException("missing column '" + c + "' (for " + f
                            + "); the data has " + String.join(", ", schema.fieldNames()));
                }
                DataType t = column.dataType();
                boolean integral = INTEGRAL.contains(t);
                if (f.classes() > 0 && !integral) {
                    throw new DataException("column '" + c + "' (class index of " + f.name() + ") has type "
                            + t.simpleString() + "; a class column holds integers");
                }
                if (!integral && !REAL.contains(t) && !(t instanceof DecimalType)) {
                    throw new DataException("column '" + c + "' (for " + f + ") has type "
                            + t.simpleString() + "; expected a number" + (t == DataTypes.StringType
                            ? " (read CSV with option(\"inferSchema\", \"true\") or a schema)" : ""));
                }
                names.add(c);
            }
        }
        return names;
    }

    /** Spark columns that select {@code names} exactly: brackets in a name are not array access. */
    static Column[] select(List<String> names) {
        return names.stream().map(n -> functions.col("`" + n.replace("`", "``") + "`")).toArray(Column[]::new);
    }

    private static StructField find(StructType schema, String name) {
        return Arrays.stream(schema.fields()).filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }
}
