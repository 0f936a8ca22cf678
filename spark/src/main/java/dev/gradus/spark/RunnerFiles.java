package dev.gradus.spark;

import dev.gradus.compiler.Frontend;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.ir.CheckedModel;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The runner's driver-side chores: the .net file and its model, the data path, the session. */
final class RunnerFiles {
    private RunnerFiles() {}

    /** The model of a {@code .net} file on the driver or at a Hadoop URI. */
    static CheckedModel choose(String file, String name) {
        return new ModelText(file, HadoopFiles.read(file)).choose(name, "--model NAME", RunnerException::new);
    }

    /** The train block's data, relative to the .net file. */
    static String dataPath(String netFile, CheckedModel model) {
        if (model.train().data() == null) {
            throw new RunnerException(netFile + ": model " + model.name() + " names no data; give --data PATH");
        }
        return HadoopFiles.sibling(netFile, model.train().data());
    }

    /**
     * The session spark-submit configured, or one on {@code master} (default {@code local[*]}). A
     * local master stays on the loopback interface unless the configuration says otherwise.
     */
    static SparkSession session(String master) {
        SparkConf conf = new SparkConf().setAppName("gradus-spark");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
