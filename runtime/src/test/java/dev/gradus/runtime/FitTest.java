package dev.gradus.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fit's loop: Keras's early stopping, divergence, validation splits and the schedule's rates. */
class FitTest {
    private static final DataSet ONE = new DataSet(List.of("x"), new double[][][] {{{0}}});

    @Test
    void earlyStoppingFollowsKeras() {
        // best 5 (epoch 0), 4 (1), 3.9 (3: 3.9 - 0.05 < 4); 3.95 and 3.96 do not improve by 0.05: stop after epoch 5
        ScriptedTrainer t = new ScriptedTrainer(new double[] {1}, new double[] {5, 4, 4.5, 3.9, 3.95, 3.96, 3.0, 2.0});
        FitResult r = Fit.run(t, ONE, ONE, FitOptions.of(8, 1, false, 0).withEarlyStopping(new EarlyStopping(2, 0.05, true)),
                TrainingListener.NONE);
        assertThat(r.epochs()).hasSize(6);
        assertThat(r.stoppedEarly()).isTrue();
        assertThat(r.bestEpoch()).isEqualTo(3);
        assertThat(r.restoredBest()).isTrue();
        assertThat(t.w).as("the parameters after epoch 4's update").isEqualTo(4);
        assertThat(r.epochs().stream().map(EpochResult::best).toList()).containsExactly(true, true, false, true, false, false);
    }

    @Test
    void withoutImprovementKerasStillWaitsPatienceEpochs() {
        ScriptedTrainer t = new ScriptedTrainer(new double[] {1}, new double[] {1, 2, 3, 4, 5});
        FitResult r = Fit.run(t, ONE, ONE, FitOptions.of(5, 1, false, 0).withEarlyStopping(new EarlyStopping(3, 0, false)),
                TrainingListener.NONE);
        assertThat(r.epochs()).hasSize(4);
        assertThat(r.restoredBest()).isFalse();
        assertThat(t.w).isEqualTo(4);
    }

    @Test
    void aNonFiniteLossStopsNamingEpochAndStepAndCanRestoreTheLastGoodParameters() {
        DataSet three = new DataSet(List.of("x"), new double[][][] {{{0}, {1}, {2}}});
        double[] losses = {1, 1, 1, 1, Double.NaN};
        ScriptedTrainer t = new ScriptedTrainer(losses, new double[] {1});
        TrainingDivergedException e = catchThrowableOfType(TrainingDivergedException.class,
                () -> Fit.run(t, three, null, FitOptions.of(3, 1, false, 0), TrainingListener.NONE));
        assertThat(e.getMessage()).isEqualTo("training diverged at epoch 2, step 2 of 3: the loss is NaN; the first non-finite gradient is of 'w[0]'");
        assertThat(e.epoch()).isEqualTo(2);
        assertThat(e.step()).isEqualTo(2);
        assertThat(e.restored()).isFalse();
        assertThat(t.w).as("no update from the bad step").isEqualTo(4);
        ScriptedTrainer u = new ScriptedTrainer(losses, new double[] {1});
        TrainingDivergedException f = catchThrowableOfType(TrainingDivergedException.class,
                () -> Fit.run(u, three, null, FitOptions.of(3, 1, false, 0).withKeepLastGood(true), TrainingListener.NONE));
        assertThat(f.restored()).isTrue();
        assertThat(u.w).as("the parameters that gave the last finite loss").isEqualTo(3);
    }

    @Test
    void aNonFiniteGradientIsNamed() {
        ScriptedTrainer t = new ScriptedTrainer(new double[] {1}, new double[] {1}) {
            @Override
            public void getGradients(double[] dst) {
                dst[0] = 1;
                dst[1] = Double.POSITIVE_INFINITY;
            }
        };
        TrainingDivergedException e = catchThrowableOfType(TrainingDivergedException.class,
                () -> Fit.run(t, ONE, null, FitOptions.of(1, 1, false, 0), TrainingListener.NONE));
        assertThat(e.getMessage()).isEqualTo("training diverged at epoch 1, step 1 of 1: the gradient of 'w[1]' is Infinity");

        ScriptedTrainer matrix = new ScriptedTrainer(new double[] {1}, new double[] {1}) {
            @Override
            public java.util.List<TensorSpec> parameters() {
                return java.util.List.of(new TensorSpec("W", 1, 2));
            }

            @Override
            public void getGradients(double[] dst) {
                dst[0] = 1;
                dst[1] = Double.NaN;
            }
        };
        e = catchThrowableOfType(TrainingDivergedException.class,
                () -> Fit.run(matrix, ONE, null, FitOptions.of(1, 1, false, 0), TrainingListener.NONE));
        assertThat(e.getMessage()).as("an element as .net files write it").endsWith("the gradient of 'W[0, 1]' is NaN");
    }

    @Test
    void theValidationSplitIsSeededDisjointAndComplete() {
        double[][][] rows = new double[1][10][];
        for (int i = 0; i < 10; i++) {
            rows[0][i] = new double[] {i};
        }
        DataSet all = new DataSet(List.of("x"), rows);
        DataSet[] a = all.split(0.25, 7);
        DataSet[] b = all.split(0.25, 7);
        DataSet[] c = all.split(0.25, 8);
        assertThat(a[1].size()).isEqualTo(3);
        assertThat(a[0].size()).isEqualTo(7);
        double[] train = Arrays.stream(a[0].rows("x")).mapToDouble(r -> r[0]).toArray();
        double[] val = Arrays.stream(a[1].rows("x")).mapToDouble(r -> r[0]).toArray();
        assertThat(train).isSorted();
        double[] both = new double[10];
        System.arraycopy(train, 0, both, 0, 7);
        System.arraycopy(val, 0, both, 7, 3);
        Arrays.sort(both);
        assertThat(both).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(Arrays.stream(b[1].rows("x")).mapToDouble(r -> r[0]).toArray()).containsExactly(val);
        assertThat(Arrays.stream(c[1].rows("x")).mapToDouble(r -> r[0]).toArray()).isNotEqualTo(val);
    }

    @Test
    void scheduleArgumentsAreCheckedWithMessagesForUsers() {
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> LrSchedule.parse("multistep(5, 3)")))
                .hasMessage("multistep's milestones must increase, found 5 then 3");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> LrSchedule.parse("cosine(T_max = 5, eta = 1)")))
                .hasMessage("cosine has no argument 'eta'; its arguments are T_max, eta_min");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> LrSchedule.parse("linear(start_factor = 0)")))
                .hasMessageContaining("start_factor must be above 0");
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> new LrScheduler(LrSchedule.parse("one_cycle(max_lr = 1, pct_start = 0.25)"), 0.1, 2, 2)))
                .hasMessageContaining("PyTorch's OneCycleLR divides by zero");
        assertThat(LrSchedule.parse("step(4)")).isEqualTo(new LrSchedule.Step(4, 0.1));
        assertThat(LrSchedule.parse("plateau(threshold_mode = abs)")).isEqualTo(new LrSchedule.Plateau(0.1, 10, 1e-4, true, 0, 0, 1e-8));
    }

    /** Issue 25: an update that overflows a weight, or an optimizer state that goes NaN, with a finite loss, is no success. */
    @Test
    void nonFiniteParametersOrOptimizerStateAfterAnUpdateFailTheRun() {
        ScriptedTrainer overflow = new ScriptedTrainer(new double[] {1}, new double[] {1}) {
            @Override
            public void applyGradients() {
                w = w == 1 ? Double.POSITIVE_INFINITY : w + 1;
            }
        };
        TrainingDivergedException e = catchThrowableOfType(TrainingDivergedException.class,
                () -> Fit.run(overflow, ONE, null, FitOptions.of(3, 1, false, 0), TrainingListener.NONE));
        assertThat(e.getMessage()).isEqualTo("training diverged in epoch 2: parameter 'w[0]' is Infinity after the update, though the loss was finite");
        ScriptedTrainer state = new ScriptedTrainer(new double[] {1}, new double[] {1}) {
            @Override
            public int optimizerStateSize() {
                return 3;
            }

            @Override
            public void getOptimizerState(double[] dst) {
                dst[0] = 1;
                dst[1] = 0;
                dst[2] = w >= 3 ? Double.NaN : 0;
            }
        };
        TrainingDivergedException f = catchThrowableOfType(TrainingDivergedException.class,
                () -> Fit.run(state, ONE, null, FitOptions.of(5, 1, false, 0).withKeepLastGood(true), TrainingListener.NONE));
        assertThat(f.getMessage()).isEqualTo("training diverged in epoch 3: the optimizer's state (number 2 of 3) is NaN after the update,"
                + " though the loss was finite");
        assertThat(f.restored()).isTrue();
        assertThat(state.w).as("the parameters before the last update").isEqualTo(2);
    }

    /** A batch larger than the trainer was built for is refused, not quietly trained with the smaller one (issue 22). */
    @Test
    void aBatchLargerThanTheTrainersIsRefused() {
        ScriptedTrainer t = new ScriptedTrainer(new double[] {1}, new double[] {1});
        assertThatThrownBy(() -> Fit.run(t, ONE, null, FitOptions.of(1, 32, false, 0), TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batch 32 is larger than this Scripted trainer's maximum batch 1; build it for that batch"
                        + " (new Scripted(32)) or ask for a batch of at most 1");
        assertThat(t.w).as("nothing trained").isEqualTo(0);
    }

    /** The rate a run is given is the one it trains with, schedule or not; its javadoc said a schedule started elsewhere. */
    @Test
    void theRunsLearningRateIsTheTrainersWithOrWithoutASchedule() {
        ScriptedTrainer t = new ScriptedTrainer(new double[] {1}, new double[] {1});
        t.learningRate(0.05);
        Fit.run(t, ONE, null, FitOptions.of(1, 1, false, 0), 0.5, TrainingListener.NONE);
        assertThat(t.learningRate()).isEqualTo(0.5);
        Fit.run(t, ONE, null, FitOptions.of(1, 1, false, 0), TrainingListener.NONE);
        assertThat(t.learningRate()).as("the trainer's own rate, kept").isEqualTo(0.5);
        Fit.run(t, ONE, null, FitOptions.of(2, 1, false, 0).withSchedule(LrSchedule.parse("step(step_size = 1, gamma = 0.1)")), 2.0,
                TrainingListener.NONE);
        assertThat(t.learningRate()).as("the schedule's last rate, as torch leaves it").isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
    }
}
