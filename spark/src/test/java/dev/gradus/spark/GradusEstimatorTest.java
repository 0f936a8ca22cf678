package dev.gradus.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.runtime.DataException;
import dev.gradus.runtime.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GradusEstimator and GradusModel in an MLlib Pipeline after a VectorAssembler: trained as {@code fit} trains, saved and loaded. */
class GradusEstimatorTest {
    static SparkSession spark;
    static Path blobs = LocalSpark.example("blobs.csv");
    static Path net = LocalSpark.example("softmax_classifier.net");

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static Dataset<Row> csv() {
        return spark.read().option("header", "true").option("inferSchema", "true").csv(blobs.toString());
    }

    @Test
    void aPipelineWithAVectorAssemblerTrainsPredictsSavesAndLoads(@TempDir Path dir) throws Exception {
        VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"x[0]", "x[1]", "x[2]", "x[3]"}).setOutputCol("features");
        GradusEstimator gradus = new GradusEstimator().setModelFile(net.toString()).setFeaturesCol("features").setLabelCol("label")
                .setBatch(16).setEpochs(3).setPartitions(3);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, gradus});
        pipeline.write().overwrite().save(dir.resolve("pipeline").toString());
        Pipeline reloaded = Pipeline.load(dir.resolve("pipeline").toString());
        assertThat(((GradusEstimator) reloaded.getStages()[1]).getOrDefault(gradus.modelFile())).isEqualTo(net.toString());

        PipelineModel fitted = reloaded.fit(csv());
        GradusModel model = (GradusModel) fitted.stages()[1];
        // the train block: shuffle with seed 1; double precision
        SynchronousTrainingTest.Result expected = SynchronousTrainingTest.local(LocalSpark.compile(net), blobs, 16, true, 1, 3);
        SynchronousTrainingTest.assertClose(model.state().parameters(), expected.parameters());
        SynchronousTrainingTest.assertClose(model.state().losses(), expected.losses());

        List<Row> predicted = fitted.transform(csv()).select("x[0]", "x[1]", "x[2]", "x[3]", "label", "output", "prediction").collectAsList();
        assertThat(predicted).hasSize(150);
        Trainer local = model.trainer();
        int right = 0;
        for (Row r : predicted) {
            double[] y = local.predict(new double[] {r.getDouble(0), r.getDouble(1), r.getDouble(2), r.getDouble(3)});
            assertThat(((Vector) r.get(5)).toArray()).containsExactly(y);
            assertThat(r.getDouble(6)).isEqualTo(Trainer.argmax(y));
            right += r.getDouble(6) == r.getInt(4) ? 1 : 0;
        }
        assertThat(right).as("training accuracy").isGreaterThan(120);

        fitted.write().overwrite().save(dir.resolve("model").toString());
        assertThat(Files.exists(dir.resolve("model/stages/1_" + model.uid() + "/data"))).isTrue();
        PipelineModel loaded = PipelineModel.load(dir.resolve("model").toString());
        GradusModel back = (GradusModel) loaded.stages()[1];
        assertThat(back.state().parameters()).containsExactly(model.state().parameters());
        List<Row> again = loaded.transform(csv()).select("prediction").collectAsList();
        for (int i = 0; i < again.size(); i++) {
            assertThat(again.get(i).getDouble(0)).isEqualTo(predicted.get(i).getDouble(6));
        }
    }

    @Test
    void theModelsOwnColumnsAndParameterAveraging() throws Exception {
        GradusModel model = new GradusEstimator().setModelSource(Files.readString(net)).setMode("average").setLocalSteps(2)
                .setBatch(8).setEpochs(2).setPartitions(2).fit(csv());
        assertThat(model.state().losses()).hasSize(2);
        assertThat(model.state().losses()[1]).isLessThan(model.state().losses()[0]);
        Dataset<Row> out = model.setPredictionCol("class").transform(csv());
        assertThat(out.columns()).endsWith("output", "class");
        assertThatThrownBy(() -> new GradusEstimator().setModelSource(Files.readString(net)).setFeaturesCol("x[0]").fit(csv()))
                .isInstanceOf(DataException.class).hasMessageContaining("featuresCol must be a vector of 4 values");
        assertThatThrownBy(() -> new GradusEstimator().fit(csv())).hasMessage("set exactly one of modelSource and modelFile");
    }
}
