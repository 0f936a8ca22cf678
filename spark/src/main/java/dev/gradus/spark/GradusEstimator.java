package dev.gradus.spark;

import dev.gradus.compiler.Compiler;
import dev.gradus.compiler.TrainerLoader;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.TrainConfig;
import dev.gradus.runtime.Trainer;
import dev.gradus.runtime.TrainingListener;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A {@code .net} model as an MLlib {@link Estimator}: {@link #fit} trains it on Spark with
 * {@link SparkTrainer} and returns a {@link GradusModel}, which adds prediction columns. The model
 * is {@code modelSource} (the text) or {@code modelFile} (a path on any Hadoop file system, read on
 * the driver); the trainer is compiled on the driver and its classes travel in the tasks. Inputs
 * come from the vector column {@code featuresCol} (split in the order the inputs are declared) or,
 * when it is not set, from the model's own CSV-named columns; targets likewise from {@code labelCol}.
 * {@code batch}, {@code epochs}, {@code learningRate} and {@code seed} default to the model's
 * {@code train} block; {@code mode} is {@code sync} (single-machine SGD spread out) or
 * {@code average} (parameter averaging every {@code localSteps} local steps).
 */
public final class GradusEstimator extends Estimator<GradusModel> implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final Param<String> modelFile;
    private final Param<String> modelSource;
    private final Param<String> modelName;
    private final Param<String> precision;
    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> predictionCol;
    private final Param<String> outputCol;
    private final IntParam batch;
    private final IntParam epochs;
    private final DoubleParam learningRate;
    private final LongParam seed;
    private final Param<String> mode;
    private final IntParam localSteps;
    private final IntParam partitions;

    public GradusEstimator() {
        this(Identifiable$.MODULE$.randomUID("gradus"));
    }

    public GradusEstimator(String uid) {
        this.uid = uid;
        modelFile = new Param<>(this, "modelFile", "the .net file, on any Hadoop file system (or give modelSource)");
        modelSource = new Param<>(this, "modelSource", "the .net text (or give modelFile)");
        modelName = new Param<>(this, "modelName", "the model to train, if the file has several");
        precision = new Param<>(this, "precision", "float or double (default double)");
        featuresCol = new Param<>(this, "featuresCol", "a vector column holding the inputs in declaration order (default: the model's own columns)");
        labelCol = new Param<>(this, "labelCol", "a number or vector column holding the targets (default: the model's own columns)");
        predictionCol = new Param<>(this, "predictionCol", "the predicted class (a class model) or the first output");
        outputCol = new Param<>(this, "outputCol", "every output, as a vector");
        batch = new IntParam(this, "batch", "examples per step (default: the train block's)");
        epochs = new IntParam(this, "epochs", "passes over the data (default: the train block's)");
        learningRate = new DoubleParam(this, "learningRate", "the learning rate (default: the optimizer's)");
        seed = new LongParam(this, "seed", "seed for initialization and shuffling (default: the train block's)");
        mode = new Param<>(this, "mode", "sync (the default) or average");
        localSteps = new IntParam(this, "localSteps", "local steps between averages in mode average (default 10)");
        partitions = new IntParam(this, "partitions", "partitions to deal the data to (default 0: the data's own number, or Spark's default parallelism if larger)");
        setDefault(precision, "double");
        setDefault(predictionCol, "prediction");
        setDefault(outputCol, "output");
        setDefault(mode, "sync");
        setDefault(localSteps, 10);
        setDefault(partitions, 0);
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> modelFile() { return modelFile; }
    public Param<String> modelSource() { return modelSource; }
    public Param<String> modelName() { return modelName; }
    public Param<String> precision() { return precision; }
    public Param<String> featuresCol() { return featuresCol; }
    public Param<String> labelCol() { return labelCol; }
    public Param<String> predictionCol() { return predictionCol; }
    public Param<String> outputCol() { return outputCol; }
    public IntParam batch() { return batch; }
    public IntParam epochs() { return epochs; }
    public DoubleParam learningRate() { return learningRate; }
    public LongParam seed() { return seed; }
    public Param<String> mode() { return mode; }
    public IntParam localSteps() { return localSteps; }
    public IntParam partitions() { return partitions; }

    public GradusEstimator setModelFile(String v) { set(modelFile, v); return this; }
    public GradusEstimator setModelSource(String v) { set(modelSource, v); return this; }
    public GradusEstimator setModelName(String v) { set(modelName, v); return this; }
    public GradusEstimator setPrecision(String v) { set(precision, v); return this; }
    public GradusEstimator setFeaturesCol(String v) { set(featuresCol, v); return this; }
    public GradusEstimator setLabelCol(String v) { set(labelCol, v); return this; }
    public GradusEstimator setPredictionCol(String v) { set(predictionCol, v); return this; }
    public GradusEstimator setOutputCol(String v) { set(outputCol, v); return this; }
    public GradusEstimator setBatch(int v) { set(batch, v); return this; }
    public GradusEstimator setEpochs(int v) { set(epochs, v); return this; }
    public GradusEstimator setLearningRate(double v) { set(learningRate, v); return this; }
    public GradusEstimator setSeed(long v) { set(seed, v); return this; }
    public GradusEstimator setMode(String v) { set(mode, v); return this; }
    public GradusEstimator setLocalSteps(int v) { set(localSteps, v); return this; }
    public GradusEstimator setPartitions(int v) { set(partitions, v); return this; }

    private String string(Param<String> p) {
        return isDefined(p) ? getOrDefault(p) : null;
    }

    @Override
    public GradusModel fit(Dataset<?> dataset) {
        String m = getOrDefault(mode);
        if (!m.equals("sync") && !m.equals("average")) {
            throw new IllegalArgumentException("mode must be sync or average, found " + m);
        }
        ModelText text = ModelText.of(string(modelSource), string(modelFile), dataset.sparkSession());
        CheckedModel checked = text.choose(string(modelName));
        Precision p = Precision.parse(getOrDefault(precision));
        TrainConfig t = checked.train();
        int batchSize = isDefined(batch) ? (Integer) getOrDefault(batch) : t.batch();
        int epochCount = isDefined(epochs) ? (Integer) getOrDefault(epochs) : t.epochs();
        long seedValue = isDefined(seed) ? (Long) getOrDefault(seed) : t.seed();
        if (epochCount < 1) {
            throw new IllegalArgumentException("epochs must be positive, found " + epochCount);
        }
        TrainerLoader.Compiled compiled = TrainerLoader.compile(Compiler.emit(checked, "gradus.generated", p));
        SparkTrainer training = new SparkTrainer(TrainerFactory.of(compiled), batchSize)
                .shuffle(t.shuffle(), seedValue).partitions((Integer) getOrDefault(partitions))
                .averaging(m.equals("average") ? (Integer) getOrDefault(localSteps) : 0);
        Trainer driver = training.trainer();
        if (isDefined(seed)) {
            driver.initialize(seedValue);
        }
        if (isDefined(learningRate)) {
            training.learningRate((Double) getOrDefault(learningRate));
        }
        Dataset<?> rows = MlColumns.forTraining(dataset, driver.inputs(), driver.targets(), string(featuresCol), string(labelCol));
        double[] losses = training.fit(rows, epochCount, TrainingListener.NONE);
        double[] parameters = new double[driver.parameterSize()];
        driver.getParameters(parameters);
        GradusModel model = new GradusModel(uid, new GradusModel.State(text.text(), checked.name(), p.keyword(), parameters, losses));
        copyValues(model, extractParamMap());
        return model.setParent(this);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return GradusModel.outputSchema(schema, string(featuresCol), getOrDefault(predictionCol), getOrDefault(outputCol));
    }

    @Override
    public GradusEstimator copy(ParamMap extra) {
        return (GradusEstimator) defaultCopy(extra);
    }

    public static MLReader<GradusEstimator> read() {
        return new DefaultParamsReader<>();
    }

    public static GradusEstimator load(String path) {
        return read().load(path);
    }
}
