package dev.gradus.spark;

import dev.gradus.compiler.Compiler;
import dev.gradus.compiler.TrainerLoader;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.runtime.Trainer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A trained {@code .net} model as an MLlib {@link Model}: {@link #transform} adds {@code outputCol}
 * (every output as a vector) and {@code predictionCol} (the class with the largest logit for a class
 * model, else the first output) in a distributed job, row by row, one trainer per task slot. Saved with
 * {@code write().save(path)} on any Hadoop file system as MLlib's metadata and one Parquet row
 * (the model's text, name, precision, parameters and per-epoch losses); loaded with
 * {@link #load}, which compiles the text on the driver.
 */
public final class GradusModel extends Model<GradusModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final State state;
    private final Param<String> featuresCol;
    private final Param<String> predictionCol;
    private final Param<String> outputCol;
    private transient TrainerFactory factory;
    private transient Trainer trainer;

    /** What a model is, apart from its column params. */
    public record State(String text, String modelName, String precision, double[] parameters, double[] losses) implements Serializable {}

    GradusModel(String uid, State state) {
        this.uid = uid;
        this.state = state;
        featuresCol = new Param<>(this, "featuresCol", "a vector column holding the inputs in declaration order (default: the model's own columns)");
        predictionCol = new Param<>(this, "predictionCol", "the predicted class (a class model) or the first output");
        outputCol = new Param<>(this, "outputCol", "every output, as a vector");
        setDefault(predictionCol, "prediction");
        setDefault(outputCol, "output");
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> featuresCol() { return featuresCol; }
    public Param<String> predictionCol() { return predictionCol; }
    public Param<String> outputCol() { return outputCol; }

    public GradusModel setFeaturesCol(String v) { set(featuresCol, v); return this; }
    public GradusModel setPredictionCol(String v) { set(predictionCol, v); return this; }
    public GradusModel setOutputCol(String v) { set(outputCol, v); return this; }

    /** The model's name, its trained parameters (flat, as {@link Trainer#getParameters}) and per-epoch training losses. */
    public State state() {
        return state;
    }

    /** A trainer holding the trained parameters, on the driver (compiled on first use). */
    public synchronized Trainer trainer() {
        if (trainer == null) {
            trainer = factory().create(SparkTrainer.DRIVER_BATCH);
            trainer.setParameters(state.parameters());
        }
        return trainer;
    }

    private synchronized TrainerFactory factory() {
        if (factory == null) {
            ModelText text = new ModelText(state.modelName() + ".net", state.text());
            factory = TrainerFactory.of(TrainerLoader.compile(Compiler.emit(text.choose(state.modelName()),
                    "gradus.generated", Precision.parse(state.precision()))));
        }
        return factory;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = transformSchema(dataset.schema());
        Dataset<Row> df = dataset.toDF();
        Trainer t = trainer();
        List<Column> all = new ArrayList<>();
        for (String name : df.columns()) {
            all.add(functions.col(MlColumns.quoted(name)));
        }
        int original = all.size();
        List<Column> inputs = MlColumns.inputs(df.schema(), t.inputs(), isDefined(featuresCol) ? getOrDefault(featuresCol) : null);
        for (int i = 0; i < inputs.size(); i++) {
            all.add(inputs.get(i).alias("__gradus_input_" + i));
        }
        boolean classes = t.targets().stream().anyMatch(s -> s.classes() > 0);
        Predictions predict = new Predictions(factory(), state.parameters(), original, List.copyOf(Field.of(t.inputs())), classes,
                t.outputs().isEmpty() ? 0 : t.outputs().get(0).size());
        return df.sparkSession().createDataFrame(df.select(all.toArray(Column[]::new)).javaRDD().mapPartitions(predict::apply), schema);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputSchema(schema, isDefined(featuresCol) ? getOrDefault(featuresCol) : null,
                getOrDefault(predictionCol), getOrDefault(outputCol));
    }

    /** {@code schema} with the prediction and output columns added; the features column, if named, must be a vector. */
    static StructType outputSchema(StructType schema, String featuresCol, String predictionCol, String outputCol) {
        if (featuresCol != null && !MlColumns.field(schema, featuresCol).dataType().equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException("column '" + featuresCol + "' must be a vector, found "
                    + MlColumns.field(schema, featuresCol).dataType().simpleString());
        }
        for (String c : new String[] {predictionCol, outputCol}) {
            if (Arrays.asList(schema.fieldNames()).contains(c)) {
                throw new IllegalArgumentException("column '" + c + "' exists already");
            }
        }
        return schema.add(new StructField(outputCol, SQLDataTypes.VectorType(), false, org.apache.spark.sql.types.Metadata.empty()))
                .add(predictionCol, DataTypes.DoubleType, false);
    }

    @Override
    public GradusModel copy(ParamMap extra) {
        return copyValues(new GradusModel(uid, state), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    public static MLReader<GradusModel> read() {
        return new Reader();
    }

    public static GradusModel load(String path) {
        return read().load(path);
    }

    private static final StructType DATA = new StructType().add("text", DataTypes.StringType).add("modelName", DataTypes.StringType)
            .add("precision", DataTypes.StringType).add("parameters", DataTypes.createArrayType(DataTypes.DoubleType))
            .add("losses", DataTypes.createArrayType(DataTypes.DoubleType));

    private static final class Writer extends MLWriter {
        private final GradusModel model;

        Writer(GradusModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(model, path, sparkSession());
            State s = model.state;
            Row row = RowFactory.create(s.text(), s.modelName(), s.precision(), boxed(s.parameters()), boxed(s.losses()));
            sparkSession().createDataFrame(List.of(row), DATA).repartition(1).write().parquet(path + "/data");
        }

        private static Double[] boxed(double[] v) {
            return Arrays.stream(v).boxed().toArray(Double[]::new);
        }
    }

    private static final class Reader extends MLReader<GradusModel> {
        @Override
        public GradusModel load(String path) {
            SparkSession spark = sparkSession();
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, spark, GradusModel.class.getName());
            Row row = spark.read().parquet(path + "/data").select("text", "modelName", "precision", "parameters", "losses").head();
            State s = new State(row.getString(0), row.getString(1), row.getString(2), unboxed(row.getList(3)), unboxed(row.getList(4)));
            GradusModel model = new GradusModel(metadata.uid(), s);
            metadata.getAndSetParams(model, metadata.getAndSetParams$default$2());
            return model;
        }

        private static double[] unboxed(List<Object> v) {
            return v.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
        }
    }

    /**
     * One task's predictions, row by row as Spark pulls them: a trainer from the slot's pool with
     * the trained parameters, each row's outputs appended; the trainer goes back when the rows end.
     */
    private record Predictions(TrainerFactory factory, double[] parameters, int original, List<Field> inputs,
                               boolean classes, int firstOutput) implements Serializable {
        java.util.Iterator<Row> apply(java.util.Iterator<Row> rows) {
            List<String> names = inputs.stream().map(Field::name).toList();
            return new java.util.Iterator<>() {
                private Trainer t;
                private double[] out;
                private long index;

                @Override
                public boolean hasNext() {
                    boolean more = rows.hasNext();
                    if (!more && t != null) {
                        factory.release(t);
                        t = null;
                    }
                    return more;
                }

                @Override
                public Row next() {
                    if (t == null) {
                        t = factory.borrow(1);
                        t.setParameters(parameters);
                        out = new double[Trainer.outputSize(t)];
                    }
                    Row r = rows.next();
                    index++;
                    double[][][] values = new double[inputs.size()][1][];
                    int c = original;
                    for (int i = 0; i < inputs.size(); i++) {
                        double[] v = new double[inputs.get(i).size()];
                        for (int k = 0; k < v.length; k++, c++) {
                            if (r.isNullAt(c)) {
                                throw new dev.gradus.runtime.DataException("column '" + inputs.get(i).columns()[k] + "', row "
                                        + index + " of the task's rows: no value (null)");
                            }
                            v[k] = ((Number) r.get(c)).doubleValue();
                        }
                        values[i][0] = v;
                    }
                    t.predict(new dev.gradus.runtime.DataSet(names, values), 0, out);
                    Object[] cells = new Object[original + 2];
                    for (int k = 0; k < original; k++) {
                        cells[k] = r.get(k);
                    }
                    cells[original] = new org.apache.spark.ml.linalg.DenseVector(out.clone());
                    cells[original + 1] = classes ? (double) Trainer.argmax(out, firstOutput) : out[0];
                    return RowFactory.create(cells);
                }
            };
        }
    }
}
